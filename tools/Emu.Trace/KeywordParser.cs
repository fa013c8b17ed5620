using System.Diagnostics.Tracing;
using System.Globalization;
using System.Reflection;
using Emu.Tracing;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Trace;

/// <summary>Parses <c>--keywords</c>: "all", a hex mask (0x1F), or names from <see cref="Keywords"/> (Exit,Tlb).</summary>
public static class KeywordParser
{
    public static long Parse(string text)
    {
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return (long)EmuKvmEventSource.AllKeywords;
        }
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var mask) && mask != 0
                ? mask
                : throw new UsageException($"--keywords {text}: not a hex mask (e.g. 0x1F)");
        }
        long bits = 0;
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var field = typeof(EmuKvmEventSource.Keywords).GetField(name, BindingFlags.Public | BindingFlags.Static | BindingFlags.IgnoreCase)
                        ?? throw new UsageException($"--keywords: unknown keyword '{name}' (known: all, 0xMASK, {string.Join(", ", Names)})");
            bits |= (long)(EventKeywords)field.GetValue(null)!;
        }
        return bits != 0 ? bits : throw new UsageException("--keywords: empty");
    }

    public static IEnumerable<string> Names => typeof(EmuKvmEventSource.Keywords).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name);
}
