using Emu.Emulator.HostMemory;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>The KVM-style MMU emits one event per fault, retry, flush and notifier call, with their payloads.</summary>
public class MmuEmissionTests
{
    private const ulong Base = 0x00300000;

    [Fact]
    public void TouchingKFreshPages_GivesKSlowPathFaults_ThenFastYoungFaultsAfterAging()
    {
        using var vm = new KvmTestVm();
        const int k = 5;
        using (var rec = new EventRecorder(Keywords.Fault))
        {
            for (var p = 0ul; p < k; p++)
            {
                vm.Memory.Faults.MapPage(Base + p * 4096, false, out _);
            }
            var faults = rec.Named("GpaFault");
            Assert.Equal(k, faults.Count);
            Assert.All(faults, f => Assert.Equal((int)FaultPath.Slow, (int)f.Payload![4]!));
            Assert.Equal(Enumerable.Range(0, k).Select(p => Base + (ulong)p * 4096), faults.Select(f => (ulong)f.Payload![2]!));
            Assert.All(faults, f => Assert.True((long)f.Payload![7]! >= 0)); // duration, ns
        }
        vm.Vm.AgeGpaRange(Base, k * 4096, flush: true);
        using (var rec = new EventRecorder(Keywords.Fault))
        {
            for (var p = 0ul; p < k; p++)
            {
                vm.Memory.Faults.MapPage(Base + p * 4096, false, out _);
            }
            var faults = rec.Named("GpaFault");
            Assert.Equal(k, faults.Count);
            Assert.All(faults, f => Assert.Equal((int)FaultPath.Fast, (int)f.Payload![4]!));
        }
    }

    [Fact]
    public void ForcedRace_GivesOneRetryEvent_WithBothSequenceNumbers()
    {
        using var vm = new KvmTestVm();
        IMmuNotifier host = vm.Vm;
        var hva = vm.HvaOf(Base);
        var first = true;
        vm.Vm.AfterHostLookupHook = _ =>
        {
            if (first)
            {
                first = false;
                host.InvalidateRangeStart(hva, hva + 4096);
                host.InvalidateRangeEnd(hva, hva + 4096);
            }
        };
        var seqBefore = vm.Vm.MmuNotifierSeq;
        using var rec = new EventRecorder(Keywords.Retry | Keywords.Fault);
        vm.Memory.Faults.MapPage(Base, true, out _);
        var retry = Assert.Single(rec.Named("GpaFaultRetry"));
        Assert.Equal(Base >> 12, (ulong)retry.Payload![2]!);
        Assert.Equal(seqBefore, (long)retry.Payload[3]!);
        Assert.Equal(seqBefore + 1, (long)retry.Payload[4]!);
        Assert.Equal(0L, (long)retry.Payload[5]!);
        var fault = Assert.Single(rec.Named("GpaFault"));
        Assert.Equal(1, (int)fault.Payload![6]!); // retries
    }

    [Fact]
    public void HostUnmap_GivesNotifierEvents_AndOneFlush()
    {
        using var vm = new KvmTestVm();
        for (var p = 0ul; p < 4; p++)
        {
            vm.Memory.Faults.MapPage(Base + p * 4096, true, out _);
        }
        using var rec = new EventRecorder(Keywords.Notifier | Keywords.Flush | Keywords.HostMm);
        vm.HostMm.BalloonInflate(vm.HvaOf(Base), 4 * 4096);
        var notifiers = rec.Named("Notifier");
        var start = Assert.Single(notifiers, n => (int)n.Payload![0]! == (int)NotifierKind.InvalidateRangeStart);
        Assert.Equal(vm.HvaOf(Base), (ulong)start.Payload![1]!);
        Assert.Equal(vm.HvaOf(Base) + 4 * 4096, (ulong)start.Payload[2]!);
        Assert.Equal(4L, (long)start.Payload[3]!); // GPA PTEs zapped
        Assert.Single(notifiers, n => (int)n.Payload![0]! == (int)NotifierKind.InvalidateRangeEnd);
        var flush = Assert.Single(rec.Named("FlushShadow"));
        Assert.Equal((int)FlushCause.Notifier, (int)flush.Payload![0]!);
        var host = Assert.Single(rec.Named("HostMmEvent"));
        Assert.Equal((int)HostMmEventKind.BalloonInflate, (int)host.Payload![0]!);
        Assert.Equal(4L, (long)host.Payload[2]!);
    }

    [Fact]
    public void MemslotChanges_AndDirtyLogGets_AreEvents()
    {
        using var rec = new EventRecorder(Keywords.Memslot);
        using var vm = new KvmTestVm(flags: MemslotFlags.LogDirtyPages);
        vm.Memory.Faults.MapPage(Base, true, out _);
        vm.Vm.GetDirtyLog(0);
        var create = Assert.Single(rec.Named("MemslotChange"));
        Assert.Equal((int)MemslotChangeKind.Create, (int)create.Payload![1]!);
        var get = Assert.Single(rec.Named("DirtyLogGet"));
        Assert.True((long)get.Payload![1]! >= 1);
    }
}
