using System.Text.Json;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>Every bad file, flag or command: one line on stderr, exit 2, no stack trace. A cut trace: read to the break.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> BadCommands() => new()
    {
        { new[] { "report", "NOTATRACE" } },
        { new[] { "stat", "EMPTY" } },
        { new[] { "plot", "NOTATRACE", "-o", "x.png" } },
        { new[] { "export", "/nonexistent/trace.nettrace" } },
        { new[] { "collect", "--keywords", "0xZZ", "--", "/bin/true" } },
        { new[] { "collect", "--keywords", "Faults", "--", "/bin/true" } },
        { new[] { "collect", "--", "/nonexistent" } },
        { new[] { "collect", "--", "/bin/true" } },
        { new[] { "collect", "--pid", "999999999" } },
        { new[] { "report", "NOTATRACE", "--from", "5", "--to", "1" } },
        { new[] { "report", "NOTATRACE", "--events", "Nope" } },
        { new[] { "report", "--bogus-flag", "NOTATRACE" } },
    };

    [Theory]
    [MemberData(nameof(BadCommands))]
    public void BadInput_OneLine_Exit2(string[] args)
    {
        var notATrace = Path.Combine(_dir, "not-a-trace.txt");
        File.WriteAllText(notATrace, "hello, I am not a trace\n");
        var empty = Path.Combine(_dir, "empty.nettrace");
        File.WriteAllBytes(empty, []);
        var resolved = args.Select(a => a switch { "NOTATRACE" => notATrace, "EMPTY" => empty, _ => a }).ToArray();
        var r = ToolRun.EmuTrace(resolved);
        Assert.True(r.ExitCode == 2, r.Describe());
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1 && lines[0].StartsWith("emu-trace: error: ", StringComparison.Ordinal), r.Describe());
    }

    [SkippableFact]
    public void TruncatedTrace_IsReadUpToTheBreak_WithAWarning()
    {
        var trace = Path.Combine(_dir, "whole.nettrace");
        var run = ToolRun.EmuTrace(["collect", "-o", trace, "--", .. ToolRun.EmuCommand("run", TracingGuest.Exceptions)]);
        Assert.True(run.ExitCode == 0, run.Describe());
        var whole = Events(trace, out _);
        var cut = Path.Combine(_dir, "cut.nettrace");
        var bytes = File.ReadAllBytes(trace);
        File.WriteAllBytes(cut, bytes[..(bytes.Length * 2 / 3)]);

        var part = Events(cut, out var stderr);
        Assert.Contains("truncated", stderr);
        // Most of what precedes the cut survives (TraceEvent alone gave up everything after its last sequence point).
        Assert.InRange(part, whole / 3, whole - 1);
    }

    private static long Events(string trace, out string stderr)
    {
        var r = ToolRun.EmuTrace("report", "--json", trace);
        Assert.True(r.ExitCode == 0, r.Describe());
        stderr = r.Stderr;
        using var json = JsonDocument.Parse(r.StdoutText);
        return json.RootElement.GetProperty("events").GetInt64();
    }
}
