using Emu.Emulator.Debug;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Debug;

/// <summary>
/// The debugger's MMU views (IMmuInspector over a real Vm and HostMm): what a guest's run leaves in the GPA page
/// table, dirty logging turned on and reported, host events with their notifier side, and the refusals the monitor
/// prints (ranges outside one memslot, unknown slots, a slot that does not log).
/// </summary>
public sealed class KvmMmuInspectorTests
{
    private static (KvmTestVm Vm, KvmMmuInspector Mmu) RanAStore()
    {
        var vm = new KvmTestVm();
        // sw t1, 0(a0) to 0x80200000, then halt through the exit device.
        vm.WriteWords(0x80010000, Sw(T1, A0, 0), Sw(T1, A1, 0), Beq(0, 0, -1), Nop);
        vm.Cpu.SetGpr(A0, 0x80200000);
        vm.Cpu.SetGpr(A1, 0xbf000000);
        vm.Cpu.SetGpr(T1, 0x1234);
        vm.Cpu.Run(100);
        return (vm, new KvmMmuInspector(vm.Vm));
    }

    [Fact]
    public void GpaPageTable_ShowsTheRunsPages_CodeYoungAndTheStoredPageDirty()
    {
        var (vm, mmu) = RanAStore();
        using var _ = vm;
        var pt = mmu.GpaPageTable(0, 1UL << 20, maxEntries: 32);
        Assert.Equal(2, pt.Present); // the code page and the stored page
        Assert.Equal([0x10UL, 0x200UL], pt.First.Select(e => e.Gfn));
        Assert.Equal(1, pt.Dirty);
        Assert.Equal(0, mmu.GpaPageTable(0x300, 0x400, 32).Present);
        Assert.Single(mmu.GpaPageTable(0, 1UL << 20, maxEntries: 1).First);
    }

    [Fact]
    public void DirtyLog_OnThenGet_ReportsTheStoreOnce()
    {
        var (vm, mmu) = RanAStore();
        using var _ = vm;
        Assert.Equal("memslot 0 does not log dirty pages (errno 2)", mmu.GetDirtyLog(0).Error);
        Assert.Null(mmu.SetDirtyLogging(0, on: true));
        vm.Cpu.HaltRequested = false;
        vm.Cpu.Pc = 0x80010000;
        vm.Cpu.Run(100);
        var log = mmu.GetDirtyLog(0);
        Assert.Null(log.Error);
        Assert.Equal([0x200UL], log.DirtyGfns);
        Assert.Empty(mmu.GetDirtyLog(0).DirtyGfns); // reported and cleared
        Assert.Equal("no memslot 5", mmu.SetDirtyLogging(5, on: true));
        Assert.Equal("no memslot 5 (errno 22)", mmu.GetDirtyLog(5).Error);
    }

    [Fact]
    public void HostEvent_OnlyInsideOneMemslot_AndSwapOutBumpsTheNotifierSeq()
    {
        var (vm, mmu) = RanAStore();
        using var _ = vm;
        Assert.Null(mmu.HostRange(0x200001, 0x201000)); // not page aligned
        Assert.Null(mmu.HostRange(vm.RamSize - 0x1000, vm.RamSize + 0x1000)); // runs off the slot
        Assert.Null(mmu.HostEvent(HostEventKind.SwapOut, 0x1f000000, 0x1f001000)); // MMIO, no slot
        Assert.Equal(vm.HvaOf(0x200000), mmu.HostRange(0x200000, 0x201000));
        var r = mmu.HostEvent(HostEventKind.SwapOut, 0x200000, 0x201000);
        Assert.NotNull(r);
        Assert.Equal(1, r.Count);
        Assert.True(r.SeqAfter > r.SeqBefore);
        Assert.Equal(0, mmu.GpaPageTable(0x200, 0x201, 1).Present); // the notifier zapped the GPA PTE
        Assert.Equal(1, mmu.HostEvent(HostEventKind.Cow, 0x10000, 0x11000)!.Count);
        Assert.Equal(1, mmu.ReleaseCowSnapshots());
        Assert.Equal(0, mmu.ReleaseCowSnapshots());
    }

    [Fact]
    public void TranslateGpa_NamesSlotHvaAndPtes_AndNoSlotForMmio()
    {
        var (vm, mmu) = RanAStore();
        using var _ = vm;
        var t = mmu.TranslateGpa(0x200004);
        Assert.Equal(0, t.Slot!.Id);
        Assert.Equal(vm.HvaOf(0x200004), t.Hva);
        Assert.NotNull(t.HostPte);
        Assert.StartsWith("pfn=0x", t.GpaPte);
        Assert.Null(mmu.TranslateGpa(0x1f000000).Slot);
        var slots = mmu.Memslots();
        Assert.Equal(vm.RamSize >> 12, Assert.Single(slots.Slots).NPages);
    }
}
