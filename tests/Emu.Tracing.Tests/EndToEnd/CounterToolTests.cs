using System.Text.Json;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>dotnet-counters and emu-trace attach to a running emu and see the Emu-Kvm counters.</summary>
public sealed class CounterToolTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-counters-tests-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// A CPU-bound emu process that runs until killed (tools/guest/spin), to attach to: a finite workload ends too soon
    /// under the JIT, and `emu bench` makes a new machine (and new counters) for every repetition.
    /// </summary>
    private static System.Diagnostics.Process StartLongRunningEmu() => ToolRun.StartEmu("run", TracingGuest.Spin);

    private static void WaitForDiagnosticPort(int pid)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Microsoft.Diagnostics.NETCore.Client.DiagnosticsClient.GetPublishedProcesses().Contains(pid) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    [SkippableFact]
    public void DotnetCounters_SeesGuestMipsAndExits()
    {
        var dotnetCounters = DotnetTools.Require("dotnet-counters");
        using var emu = StartLongRunningEmu();
        try
        {
            WaitForDiagnosticPort(emu.Id);
            var output = Path.Combine(_dir, "counters.json");
            var r = ToolRun.Run(dotnetCounters,
                ["collect", "-p", emu.Id.ToString(), "--counters", "Emu-Kvm", "--format", "json", "-o", output, "--duration", "00:00:00:04"]);
            Assert.True(r.ExitCode == 0, r.Describe());
            var text = File.ReadAllText(output);
            Assert.Contains("Guest MIPS", text);
            Assert.Contains("Exits", text);
            using var json = JsonDocument.Parse(text); // a complete, valid document
            var mips = json.RootElement.GetProperty("Events").EnumerateArray()
                .Where(e => e.GetProperty("name").GetString()!.StartsWith("Guest MIPS", StringComparison.Ordinal))
                .Select(e => e.GetProperty("value").GetDouble()).ToList();
            Assert.NotEmpty(mips);
            Assert.Contains(mips, v => v > 0); // the guest was running
        }
        finally
        {
            emu.Kill();
            emu.WaitForExit();
        }
    }

    [SkippableFact]
    public void EmuTraceCollect_AttachedByPid_WithDuration_StopsCleanly_AndRecordsCounters()
    {
        using var emu = StartLongRunningEmu();
        try
        {
            WaitForDiagnosticPort(emu.Id);
            var trace = Path.Combine(_dir, "attach.nettrace");
            var r = ToolRun.EmuTrace("collect", "--pid", emu.Id.ToString(), "-o", trace, "--duration", "00:00:03");
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.False(emu.HasExited, "collect must leave the traced process running");
            var data = Analysis.EmuTraceReader.ReadFile(trace);
            Assert.Contains(data.Counters, c => c.Name == "guest-mips" && c.Value > 0);
        }
        finally
        {
            emu.Kill();
            emu.WaitForExit();
        }
    }

    [SkippableFact]
    public void EmuTraceLive_ShowsTheCountersOfARunningEmu()
    {
        using var emu = StartLongRunningEmu();
        try
        {
            WaitForDiagnosticPort(emu.Id);
            var r = ToolRun.EmuTrace("live", "--pid", emu.Id.ToString(), "--duration", "00:00:03");
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Contains("Guest MIPS (M insns/s)", r.StdoutText);
            Assert.DoesNotContain("GuestPcSample", r.StdoutText); // the default leaves the sampling flood to `profile`
            // The translator's counters (the JIT is on by default) with their units, as dotnet-counters shows them.
            Assert.Contains("JIT compile time (ms/s)", r.StdoutText);
            Assert.Contains("JIT regions invalidated (regions/s)", r.StdoutText);
            Assert.Contains("Instructions interpreted (JIT on) (%)", r.StdoutText);
        }
        finally
        {
            emu.Kill();
            emu.WaitForExit();
        }
    }
}
