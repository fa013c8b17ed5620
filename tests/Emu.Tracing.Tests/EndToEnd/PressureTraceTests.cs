using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;
using Emu.Tracing.Analysis;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// A guest run under host memory pressure, traced by emu-trace from its first instruction: the GPA-fault,
/// retry, notifier and flush events must equal the emulator's own counters printed by the same process.
/// </summary>
public sealed partial class PressureTraceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-pressure-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void MmuEvents_MatchTheEmulatorsCounters_UnderHostPressure()
    {
        var trace = Path.Combine(_dir, "pressure.nettrace");
        var r = ToolRun.EmuTrace(["collect", "-o", trace, "--", .. ToolRun.EmuCommand(
            "run", "--clock", "insns", "--stats", "--host-pressure", "ksm,cow,swap,age,mprotect", "--pressure-seed", "42", "--pressure-rate", "0",
            TracingGuest.Exceptions)]);
        Assert.True(r.ExitCode == 0, r.Describe());

        var faults = FaultLine().Match(r.Stderr);
        Assert.True(faults.Success, r.Stderr);
        var vm = VmLine().Match(r.Stderr);
        Assert.True(vm.Success, r.Stderr);

        var data = EmuTraceReader.ReadFile(trace);
        Assert.Equal(0, data.EventsLost);
        Assert.Equal(0, data.SeqGapEvents);
        var gpaFaults = data.Of<GpaFaultRecord>().ToList();
        Assert.Equal(long.Parse(faults.Groups["fast"].Value), gpaFaults.LongCount(f => f.Path == FaultPath.Fast));
        Assert.Equal(long.Parse(faults.Groups["slow"].Value), gpaFaults.LongCount(f => f.Path == FaultPath.Slow));
        Assert.Equal(long.Parse(faults.Groups["retries"].Value), data.Of<GpaFaultRetryRecord>().LongCount());
        Assert.Equal(long.Parse(faults.Groups["retries"].Value), gpaFaults.Sum(f => (long)f.Retries));
        Assert.Equal(long.Parse(faults.Groups["mmio"].Value), data.Of<MmioExitRecord>().LongCount());
        // The summary is printed before teardown; the host's release notifier flushes once more after it.
        Assert.Equal(long.Parse(vm.Groups["flushes"].Value), data.Of<FlushShadowRecord>().LongCount(f => f.Cause != FlushCause.Release));
        Assert.Single(data.Of<FlushShadowRecord>(), f => f.Cause == FlushCause.Release);
        var starts = data.Of<NotifierRecord>().LongCount(n => n.Kind == NotifierKind.InvalidateRangeStart);
        Assert.Equal(long.Parse(vm.Groups["starts"].Value), starts);
        Assert.True(starts > 0, "the pressure driver never invalidated anything");
        Assert.NotEmpty(data.Of<HostMmRecord>());
    }

    [GeneratedRegex(@"^emu:\s+gpa-faults fast=(?<fast>\d+) slow=(?<slow>\d+) retries=(?<retries>\d+) mmio=(?<mmio>\d+)", RegexOptions.Multiline)]
    private static partial Regex FaultLine();

    [GeneratedRegex(@"^emu:\s+flushes=(?<flushes>\d+) notifier-range-start=(?<starts>\d+)", RegexOptions.Multiline)]
    private static partial Regex VmLine();
}
