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
