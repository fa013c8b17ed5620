using System.Text.Json;

namespace Emu.Trace;

/// <summary>JSON settings for machine-readable output: camelCase, indented.</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
