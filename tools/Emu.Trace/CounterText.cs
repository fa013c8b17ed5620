namespace Emu.Trace;

/// <summary>How counters read in tables: with their units the way dotnet-counters shows them, and small values kept legible.</summary>
public static class CounterText
{
    /// <summary>"JIT compile time (ms/s)", "Instructions interpreted (JIT on) (%)": the counter's DisplayUnits, per second for a rate.</summary>
    public static string Label(string displayName, string units, bool isRate) =>
        units.Length == 0 ? displayName + (isRate ? " (/s)" : "") : $"{displayName} ({units}{(isRate ? "/s" : "")})";

    /// <summary>Three significant digits below 100 (0.025 % interpreted must not print as 0.0), whole numbers above.</summary>
    public static string Value(double v) => Math.Abs(v) >= 100 || v == 0 ? v.ToString("N0") : v.ToString("G3");
}
