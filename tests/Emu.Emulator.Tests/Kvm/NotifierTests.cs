using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>The VM's MMU-notifier callbacks (kvm_unmap_hva_range, kvm_set_spte_hva, kvm_age_hva, kvm_test_age_hva).</summary>
public class NotifierTests
{
    [Fact]
    public void UnmapRange_SpanningTwoMemslots_ZapsBothPartsAndNothingElse()
    {
        using var vm = new KvmTestVm(ramSize: 1u << 20);
        // One host region of 8 pages split over two slots at unrelated GPAs: pages 0-3 → 0x400000, 4-7 → 0x900000.
        var hva = vm.HostMm.MapAnonymous(8 * 4096, "split");
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.None, 0x400000, 4 * 4096, hva);
        vm.Vm.SetUserMemoryRegion(2, MemslotFlags.None, 0x900000, 4 * 4096, hva + 4 * 4096);
        var gpas = Enumerable.Range(0, 4).Select(i => 0x400000ul + (ulong)i * 4096)
            .Concat(Enumerable.Range(0, 4).Select(i => 0x900000ul + (ulong)i * 4096)).ToArray();
        foreach (var gpa in gpas)
        {
            Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(gpa, true, out _));
        }
        vm.Memory.Faults.MapPage(0x1000, true, out _); // slot 0, outside the range

        // Host pages 2..5: the last two of slot 1 and the first two of slot 2.
        IMmuNotifier n = vm.Vm;
        n.InvalidateRangeStart(hva + 2 * 4096, hva + 6 * 4096);
        n.InvalidateRangeEnd(hva + 2 * 4096, hva + 6 * 4096);

        var present = gpas.Select(g => vm.Vm.LookupGpaPte(g).IsPresent).ToArray();
        Assert.Equal([true, true, false, false, false, false, true, true], present);
        Assert.True(vm.Vm.LookupGpaPte(0x1000).IsPresent);
        Assert.Equal(4, vm.Vm.Stat.GpaPtesZapped);
    }

    [Fact]
    public void InvalidateRange_BumpsSeqAtEnd_AndCountWhileRunning()
    {
        using var vm = new KvmTestVm();
        IMmuNotifier n = vm.Vm;
        var seq = vm.Vm.MmuNotifierSeq;
        n.InvalidateRangeStart(vm.RamHva, vm.RamHva + 4096);
        Assert.Equal(1, vm.Vm.MmuNotifierCount);
        Assert.Equal(seq, vm.Vm.MmuNotifierSeq);
        n.InvalidateRangeEnd(vm.RamHva, vm.RamHva + 4096);
        Assert.Equal(0, vm.Vm.MmuNotifierCount);
        Assert.Equal(seq + 1, vm.Vm.MmuNotifierSeq);
    }

    [Fact]
    public void UnmapOfUnmappedRange_DoesNotFlushVcpus()
    {
        // Unlike the kernel's unconditional flush_shadow_all (bug B3), nothing zapped means no flush.
        using var vm = new KvmTestVm();
        IMmuNotifier n = vm.Vm;
        n.InvalidateRangeStart(vm.RamHva, vm.RamHva + 16 * 4096);
        n.InvalidateRangeEnd(vm.RamHva, vm.RamHva + 16 * 4096);
        Assert.Equal(0, vm.Vm.Stat.FlushRequests);
    }

    [Fact]
    public void SetSpte_OnDirtyLoggedSlot_KeepsCleanPteClean()
    {
        using var vm = new KvmTestVm(flags: MemslotFlags.LogDirtyPages);
        vm.Memory.Faults.MapPage(0x3000, true, out var pte);
        vm.Vm.GetDirtyLog(0); // write-protects: PTE clean, still WRITE
        Assert.False(vm.Vm.LookupGpaPte(0x3000).IsDirty);
        IMmuNotifier n = vm.Vm;
        n.ChangePte(vm.HvaOf(0x3000), pte.Pfn, writable: true);
        var after = vm.Vm.LookupGpaPte(0x3000);
        Assert.True(after.IsPresent);
        Assert.False(after.IsDirty);
        Assert.False(after.AllowsDirectWrite);
    }

    [Fact]
    public void SetSpte_OnReadOnlySlot_WriteProtects()
    {
        using var vm = new KvmTestVm();
        var romHva = vm.HostMm.MapAnonymous(0x4000, "rom");
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.ReadOnly, 0x800000, 0x4000, romHva);
        vm.Memory.Faults.MapPage(0x800000, false, out var pte);
        IMmuNotifier n = vm.Vm;
        n.ChangePte(romHva, pte.Pfn, writable: true);
        Assert.False(vm.Vm.LookupGpaPte(0x800000).IsWritable);
    }

    [Fact]
    public void SetSpte_NeverCreatesAMapping()
    {
        // Bug B4: change_pte arrives inside an invalidate pair, after the PTE is gone; it must not resurrect it.
        using var vm = new KvmTestVm();
        vm.Memory.Faults.MapPage(0x5000, true, out var pte);
        IMmuNotifier n = vm.Vm;
        n.InvalidateRangeStart(vm.HvaOf(0x5000), vm.HvaOf(0x6000));
        n.ChangePte(vm.HvaOf(0x5000), pte.Pfn, writable: true);
        n.InvalidateRangeEnd(vm.HvaOf(0x5000), vm.HvaOf(0x6000));
        Assert.False(vm.Vm.LookupGpaPte(0x5000).IsPresent);
    }

    [Fact]
    public void AgeThenTestYoung_ReportsOnlyPagesTouchedSince()
    {
        using var vm = new KvmTestVm();
        for (ulong p = 0; p < 4; p++)
        {
            vm.Memory.Faults.MapPage(0x10000 + p * 4096, false, out _);
        }
        IMmuNotifier n = vm.Vm;
        Assert.True(n.ClearFlushYoung(vm.HvaOf(0x10000), vm.HvaOf(0x14000)));
        vm.Memory.Faults.MapPage(0x11000, false, out _);
        vm.Memory.Faults.MapPage(0x13000, true, out _);
        var young = Enumerable.Range(0, 4).Select(p => n.TestYoung(vm.HvaOf(0x10000 + (ulong)p * 4096))).ToArray();
        // test_young over a one-page range (the kernel's (hva, hva) range always said "old": bug B1).
        Assert.Equal([false, true, false, true], young);
        Assert.False(n.ClearYoung(vm.HvaOf(0x10000), vm.HvaOf(0x11000)));
    }
}
