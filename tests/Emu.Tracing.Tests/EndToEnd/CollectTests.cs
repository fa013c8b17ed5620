using System.Text.Json;
using Emu.Integration.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// Real emu processes traced by real tools (emu-trace, dotnet-trace, the runtime's environment variables),
/// read back with TraceEvent: the Exit events must equal the emulator's own `--stats` summary exactly.
/// </summary>
public sealed class CollectTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-trace-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Guest => TracingGuest.Exceptions;

    private static SortedDictionary<int, long> StatsOf(string elf)
    {
        var r = HostProcess.Emu("run", "--clock", "insns", "--stats", elf);
        Assert.True(r.ExitCode == 0, r.Describe());
        return EmuStats.ExceptionsByCode(r.Stderr);
    }

    [SkippableFact]
    public void EmuTraceCollect_LaunchingEmu_CapturesEveryExit_FromTheFirstInstruction()
    {
        var trace = Path.Combine(_dir, "emu-trace.nettrace");
        var r = ToolRun.EmuTrace(["collect", "-o", trace, "--", .. ToolRun.EmuCommand("run", "--clock", "insns", "--stats", Guest)]);
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.Contains("0 lost (EventPipe), 0 missing by per-vCPU seq", r.Stderr);
        // The same process printed the summary the trace must agree with.
        TraceAssertions.ExitsMatch(trace, EmuStats.ExceptionsByCode(r.Stderr));
    }

    [SkippableFact]
    public void DotnetTrace_LaunchingEmu_CapturesEveryExit()
    {
        var dotnetTrace = DotnetTools.Require("dotnet-trace");
        var expected = StatsOf(Guest); // guest time is instruction-driven: every run takes the same exceptions
        var trace = Path.Combine(_dir, "dotnet-trace.nettrace");
        // Stack walks off in the target (dotnet-trace has no switch for it): 10x cheaper per event.
        var r = ToolRun.Run(dotnetTrace,
            ["collect", "--providers", "Emu-Kvm:0x3FF:5", "--rundown", "false", "-o", trace, "--", .. ToolRun.EmuCommand("run", "--clock", "insns", Guest)],
            new Dictionary<string, string> { ["DOTNET_EventPipeEnableStackwalk"] = "0" });
        Assert.True(r.ExitCode == 0, r.Describe());
        TraceAssertions.ExitsMatch(trace, expected);
    }

    [SkippableFact]
    public void RuntimeEnvironmentVariables_TraceWithoutAnyTool()
    {
        var expected = StatsOf(Guest);
        var trace = Path.Combine(_dir, "env.nettrace");
        var r = ToolRun.Emu(new Dictionary<string, string>
        {
            ["DOTNET_EnableEventPipe"] = "1",
            ["DOTNET_EventPipeConfig"] = "Emu-Kvm:0x3FF:5",
            ["DOTNET_EventPipeOutputPath"] = trace,
            ["DOTNET_EventPipeCircularMB"] = "256",
        }, "run", "--clock", "insns", Guest);
        Assert.True(r.ExitCode == 0, r.Describe());
        TraceAssertions.ExitsMatch(trace, expected);
    }

    [SkippableFact]
    public void Report_Export_Plot_ProduceValidOutput()
    {
        var trace = Path.Combine(_dir, "r.nettrace");
        var c = ToolRun.EmuTrace(["collect", "-o", trace, "--", .. ToolRun.EmuCommand("run", "--clock", "insns", "--stats", Guest)]);
        Assert.True(c.ExitCode == 0, c.Describe());
        var expected = EmuStats.ExceptionsByCode(c.Stderr);

        var report = ToolRun.EmuTrace("report", "--json", trace);
        Assert.True(report.ExitCode == 0, report.Describe());
        using var json = JsonDocument.Parse(report.StdoutText);
        var exits = json.RootElement.GetProperty("exits").EnumerateArray()
            .ToDictionary(e => e.GetProperty("code").GetInt32(), e => e.GetProperty("count").GetInt64());
        Assert.Equal(expected, new SortedDictionary<int, long>(exits));
        Assert.Equal(0, json.RootElement.GetProperty("eventsLost").GetInt64());

        var text = ToolRun.EmuTrace("report", trace);
        Assert.True(text.ExitCode == 0, text.Describe());
        Assert.Contains("Exits by reason per vCPU", text.StdoutText);
        Assert.Contains("TrapInst", text.StdoutText);

        var chrome = Path.Combine(_dir, "t.chrome.json");
        Assert.Equal(0, ToolRun.EmuTrace("export", trace, "--format", "chrome", "-o", chrome).ExitCode);
        using var cj = JsonDocument.Parse(File.ReadAllBytes(chrome));
        var events = cj.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        Assert.Equal(expected.Values.Sum(), events.Count(e => e.TryGetProperty("cat", out var cat) && cat.GetString() == "Exit"));
        Assert.Contains(events, e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("args").GetProperty("name").GetString() == "vCPU 0");

        var speedscope = Path.Combine(_dir, "t.speedscope.json");
        Assert.Equal(0, ToolRun.EmuTrace("export", trace, "--format", "speedscope", "-o", speedscope).ExitCode);
        using var sj = JsonDocument.Parse(File.ReadAllBytes(speedscope));
        // One track per vCPU plus one for VM-wide events (memslots, flushes, notifiers, host memory).
        var profiles = sj.RootElement.GetProperty("profiles").EnumerateArray().ToList();
        Assert.Contains(profiles, p => p.GetProperty("name").GetString() == "vCPU 0");
        Assert.All(profiles, p => Assert.Equal("evented", p.GetProperty("type").GetString()));
        var records = Analysis.EmuTraceReader.ReadFile(trace).Records.Count;
        Assert.Equal(2 * records, profiles.Sum(p => p.GetProperty("events").GetArrayLength())); // open + close per event

        var png = Path.Combine(_dir, "t.png");
        var plot = ToolRun.EmuTrace("plot", trace, "-o", png, "--width", "640", "--height", "480");
        Assert.True(plot.ExitCode == 0, plot.Describe());
        using var bitmap = SkiaSharp.SKBitmap.Decode(png); // a real decoder, not just the header
        Assert.NotNull(bitmap);
        Assert.Equal((640, 480), (bitmap.Width, bitmap.Height));
    }

    [SkippableFact]
    public void EmuTraceCollect_Keywords_SelectSubsystems()
    {
        var trace = Path.Combine(_dir, "tlb.nettrace");
        var r = ToolRun.EmuTrace(["collect", "-o", trace, "--keywords", "Tlb", "--", .. ToolRun.EmuCommand("run", "--clock", "insns", Guest)]);
        Assert.True(r.ExitCode == 0, r.Describe());
        var data = Analysis.EmuTraceReader.ReadFile(trace);
        Assert.NotEmpty(data.Records);
        Assert.All(data.Records, rec => Assert.True(rec is Analysis.GuestTlbWriteRecord or Analysis.AsidChangeRecord, rec.ToString()));
        Assert.Equal(0, data.SeqGapEvents); // seq advances only for emitted events, so a filtered trace has no gaps
    }
}
