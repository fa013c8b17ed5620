using System.Text.RegularExpressions;
using Emu.Emulator.Cpu;
using Emu.Integration.Tests.Infrastructure;
using Emu.Tracing.Analysis;
using Emu.Tracing.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// Debian's Malta kernel booting on emu, traced with emu-trace from its first instruction: the GPA-fault,
/// flush, notifier and exit events must equal the counters the same emu process prints.
/// </summary>
public sealed partial class LinuxBootTraceTests(ITestOutputHelper log) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-linux-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] Kernel(string vmlinuz, string initrd, params string[] more) =>
        ["run", "--clock", "insns", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 nokaslr", "--stats", .. more];

    [SkippableFact]
    public void DecompressorFaults_MatchTheCounters()
    {
        // The first 300 M instructions: the self-decompressor filling RAM (a few hundred thousand GPA faults).
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var trace = Path.Combine(_dir, "faults.nettrace");
        var r = ToolRun.Run(ToolRun.Dotnet, ["exec", ToolRun.EmuTraceDll, "collect", "--keywords", "Fault,Retry", "-o", trace, "--",
            .. ToolRun.EmuCommand(Kernel(vmlinuz, initrd, "--max-insns", "300000000"))], timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 3, r.Describe()); // emu-trace passes on emu's status: 3 = the instruction limit
        var faults = FaultLine().Match(r.Stderr);
        Assert.True(faults.Success, r.Stderr);
        var data = EmuTraceReader.ReadFile(trace);
        Assert.Equal(0, data.EventsLost);
        Assert.Equal(0, data.SeqGapEvents);
        var events = data.Of<GpaFaultRecord>().ToList();
        log.WriteLine($"{events.Count} GpaFault events; emu says {faults.Value}");
        Assert.Equal(long.Parse(faults.Groups["fast"].Value), events.LongCount(f => f.Path == FaultPath.Fast));
        Assert.Equal(long.Parse(faults.Groups["slow"].Value), events.LongCount(f => f.Path == FaultPath.Slow));
        Assert.True(events.Count > 1000);
    }

    [SkippableFact]
    public void KernelBootUnderPressure_ExitFlushAndNotifierEvents_MatchTheCounters()
    {
        // Into the kernel proper (2.6 G instructions: decompressor, then early boot with interrupts and
        // cache maintenance) while the host merges, COW-shares, swaps and ages guest RAM.
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var trace = Path.Combine(_dir, "boot.nettrace");
        var r = ToolRun.Run(ToolRun.Dotnet, ["exec", ToolRun.EmuTraceDll, "collect", "--keywords", "Exit,Flush,Notifier", "-o", trace, "--",
            .. ToolRun.EmuCommand(Kernel(vmlinuz, initrd, "--max-insns", "2600000000",
                "--host-pressure", "ksm,cow,swap,age", "--pressure-seed", "3", "--pressure-rate", "500"))], timeout: TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 3, r.Describe()); // emu-trace passes on emu's status: 3 = the instruction limit
        var data = EmuTraceReader.ReadFile(trace);
        Assert.Equal(0, data.EventsLost);
        Assert.Equal(0, data.SeqGapEvents);

        var exits = data.Of<ExitRecord>().GroupBy(e => (int)e.Reason).ToDictionary(g => g.Key, g => g.LongCount());
        var expected = EmuStats.ExceptionsByCode(r.Stderr).ToDictionary(kv => kv.Key, kv => kv.Value);
        var vm = VmLine().Match(r.Stderr);
        Assert.True(vm.Success, r.Stderr);
        AddIfNonZero(expected, (int)ExitReason.Wait, long.Parse(vm.Groups["wait"].Value));
        AddIfNonZero(expected, (int)ExitReason.Cache, long.Parse(vm.Groups["cache"].Value));
        log.WriteLine($"exits: {string.Join(", ", exits.OrderBy(kv => kv.Key).Select(kv => $"{(ExitReason)kv.Key}={kv.Value}"))}");
        Assert.Equal(expected.OrderBy(kv => kv.Key), exits.OrderBy(kv => kv.Key));
        Assert.True(exits.GetValueOrDefault((int)ExitReason.Cache) > 0, "the kernel's cache maintenance should show as CACHE exits");

        // The summary is printed before teardown; the host's release notifier flushes once more after it.
        Assert.Equal(long.Parse(vm.Groups["flushes"].Value), data.Of<FlushShadowRecord>().LongCount(f => f.Cause != FlushCause.Release));
        var starts = data.Of<NotifierRecord>().LongCount(n => n.Kind == NotifierKind.InvalidateRangeStart);
        Assert.Equal(long.Parse(vm.Groups["starts"].Value), starts);
        Assert.True(starts > 0, "the pressure driver never invalidated anything");
    }

    private static void AddIfNonZero(Dictionary<int, long> d, int key, long value)
    {
        if (value != 0)
        {
            d[key] = value;
        }
    }

    [GeneratedRegex(@"^emu:\s+gpa-faults fast=(?<fast>\d+) slow=(?<slow>\d+)", RegexOptions.Multiline)]
    private static partial Regex FaultLine();

    [GeneratedRegex(@"^emu:\s+flushes=(?<flushes>\d+) notifier-range-start=(?<starts>\d+) wait=(?<wait>\d+) cache=(?<cache>\d+)", RegexOptions.Multiline)]
    private static partial Regex VmLine();
}
