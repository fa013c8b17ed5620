using System.Text.RegularExpressions;
using Emu.Emulator.Cpu;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>The emulator's own exit summary: the "emu:   exceptions NAME: N" lines `emu run --stats` prints.</summary>
public static partial class EmuStats
{
    /// <summary>Exceptions taken by ExcCode, which is the Exit event's reason code.</summary>
    public static SortedDictionary<int, long> ExceptionsByCode(string stderr)
    {
        var result = new SortedDictionary<int, long>();
        foreach (Match m in Line().Matches(stderr))
        {
            result[(int)Enum.Parse<ExcCode>(m.Groups[1].Value)] = long.Parse(m.Groups[2].Value);
        }
        Assert.True(result.Count > 0, "emu --stats printed no exception lines:\n" + stderr);
        return result;
    }

    [GeneratedRegex(@"^emu:\s+exceptions (\w+): (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Line();
}

/// <summary>The table rows of `emu run --stats` ("│ name │ 1,234 │"): name → value summed over the vCPU columns.</summary>
public static partial class EmuStatsTables
{
    public static Dictionary<string, long> Rows(string stderr)
    {
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match m in Row().Matches(stderr))
        {
            var cells = m.Groups[2].Value.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (cells.All(c => long.TryParse(c, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                rows[m.Groups[1].Value.Trim()] = cells.Sum(c => long.Parse(c, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        Assert.True(rows.Count > 0, "emu --stats printed no table rows:\n" + stderr);
        return rows;
    }

    [GeneratedRegex(@"^│\s*([^│]+?)\s*│(.*)│\s*$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
