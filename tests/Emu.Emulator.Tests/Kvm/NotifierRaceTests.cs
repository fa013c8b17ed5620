using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// The race of KVM-MIPS-MMU.md §6.1, made deterministic: a host invalidation runs between the slow path's
/// sequence read (and host lookup) and its MmuLock section.
/// </summary>
public class NotifierRaceTests
{
    private const ulong Gpa = 0x00240000;

    [Fact]
    public void FinishedInvalidation_ChangesSeq_OneRetry_StaleFrameNeverMapped()
    {
        using var vm = new KvmTestVm();
        Assert.True(vm.Vm.WriteGuest(Gpa, [0x11, 0x22, 0x33, 0x44]));
        ulong stalePfn = 0;
        var calls = 0;
        vm.Vm.AfterHostLookupHook = gfn =>
        {
            if (calls++ == 0)
            {
                // The pfn the vCPU just looked up is about to go stale: the host discards the page
                // (madvise(DONTNEED) through the balloon) and finishes: range_start, zap, range_end.
                stalePfn = PfnBehind(vm, Gpa);
                vm.HostMm.BalloonInflate(vm.HvaOf(Gpa), 4096);
            }
        };
        var seqBefore = vm.Vm.MmuNotifierSeq;
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(Gpa, writeFault: false, out var pte));

        Assert.Equal(1, vm.Memory.Faults.LastRetries);
        var retry = vm.Vm.LastRetry;
        Assert.Equal(Gpa >> 12, retry.Gfn);
        Assert.Equal(seqBefore, retry.SeqRead);
        Assert.True(retry.SeqNow > retry.SeqRead);
        Assert.Equal(0, retry.CountNow);
        Assert.NotEqual(stalePfn, pte.Pfn);
        Assert.Equal(PfnBehind(vm, Gpa), pte.Pfn);
    }

    [Fact]
    public void InvalidationInProgress_CountNonZero_OneRetry_InstallsOnlyAfterEnd()
    {
        using var vm = new KvmTestVm();
        IMmuNotifier host = vm.Vm;
        var hva = vm.HvaOf(Gpa);
        var calls = 0;
        vm.Vm.AfterHostLookupHook = _ =>
        {
            if (calls++ == 0)
            {
                host.InvalidateRangeStart(hva, hva + 4096); // the host is between start and end
            }
        };
        var endedBeforeInstall = false;
        vm.Vm.AfterRetryHook = _ =>
        {
            Assert.False(vm.Vm.LookupGpaPte(Gpa).IsPresent);
            host.InvalidateRangeEnd(hva, hva + 4096);
            endedBeforeInstall = true;
        };
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(Gpa, writeFault: true, out _));
        Assert.Equal(1, vm.Memory.Faults.LastRetries);
        Assert.Equal(1, vm.Vm.LastRetry.CountNow);
        Assert.Equal(vm.Vm.LastRetry.SeqRead, vm.Vm.LastRetry.SeqNow);
        Assert.True(endedBeforeInstall);
        Assert.True(vm.Vm.LookupGpaPte(Gpa).IsPresent);
        Assert.Equal(1, vm.Memory.Stat.GpaFaultRetries);
    }

    [Fact]
    public void WithoutRace_NoRetry()
    {
        using var vm = new KvmTestVm();
        vm.Memory.Faults.MapPage(Gpa, true, out _);
        Assert.Equal(0, vm.Memory.Faults.LastRetries);
        Assert.Equal(0, vm.Memory.Stat.GpaFaultRetries);
    }

    [Fact]
    public void CodePageSwappedOut_DuringADataFault_IsFetchedAgain_NotDecodedFromTheOldFrame()
    {
        // The vCPU leaves guest mode for a data page's slow path; meanwhile the host swaps out the page holding
        // the code it is executing (freed frames are poisoned). The rest of the code page, not yet decoded, must
        // come from the page as it is now, never from the frame the host took back.
        using var vm = new KvmTestVm(poisonFreedFrames: true);
        var code = new Assembler()
            .Li(Asm.T1, 0x80300000)
            .Emit(Asm.Lw(Asm.T0, Asm.T1, 0))        // first touch of the data page: slow path, hook below
            .Emit(Asm.Addiu(Asm.T2, Asm.Zero, 42))  // not yet decoded when the swap-out happens
            .Emit(Asm.Addiu(Asm.T3, Asm.T2, 1))
            .Build();
        vm.WriteWords(0x80010000, code);
        var swapped = 0;
        vm.Vm.AfterHostLookupHook = gfn =>
        {
            if (gfn == 0x300 && swapped == 0)
            {
                swapped = vm.HostMm.SwapOut(vm.HvaOf(0x10000), 4096);
            }
        };
        vm.Cpu.Run(code.Length);
        Assert.Equal(1, swapped);
        Assert.Equal(0L, vm.Cpu.ExceptionCounts.Sum());
        Assert.Equal(42u, vm.Cpu.GetGpr(Asm.T2));
        Assert.Equal(43u, vm.Cpu.GetGpr(Asm.T3));
    }

    /// <summary>The host frame currently behind a GPA, through a fresh host lookup.</summary>
    private static ulong PfnBehind(KvmTestVm vm, ulong gpa)
    {
        Assert.True(vm.HostMm.FaultIn(vm.HvaOf(gpa), false, out var pfn, out _));
        vm.HostMm.PutPage(pfn);
        return pfn;
    }
}
