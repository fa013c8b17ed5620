using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>KVM_SET_USER_MEMORY_REGION rules and what the guest sees across slot changes.</summary>
public class MemslotTests
{
    [Fact]
    public void Overlap_IsEexist_Misalignment_AndBadFlags_AreEinval()
    {
        using var vm = new KvmTestVm(ramSize: 1u << 20);
        var hva = vm.HostMm.MapAnonymous(1u << 20, "more");
        Assert.Equal(KvmErrno.Exist, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(1, 0, 0x80000, 0x10000, hva)).Errno);
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(1, 0, 0x200800, 0x1000, hva)).Errno);
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(1, 0, 0x200000, 0x1000, hva + 8)).Errno);
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(1, (MemslotFlags)4, 0x200000, 0x1000, hva)).Errno);
        // An existing slot may not change size, HVA or READONLY.
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(0, 0, 0, 2u << 20, vm.RamHva)).Errno);
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(0, MemslotFlags.ReadOnly, 0, vm.RamSize, vm.RamHva)).Errno);
    }

    [Fact]
    public void SlotCount_IsLimited_ToKvmUserMemSlots()
    {
        using var vm = new KvmTestVm(ramSize: 1u << 20);
        var hva = vm.HostMm.MapAnonymous(64 * 4096, "many");
        for (var id = 1; id < Vm.MaxUserMemslots; id++)
        {
            vm.Vm.SetUserMemoryRegion(id, 0, 0x1000000 + (ulong)id * 0x10000, 4096, hva + (ulong)id * 4096);
        }
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.SetUserMemoryRegion(Vm.MaxUserMemslots, 0, 0x2000000, 4096, hva)).Errno);
    }

    [Fact]
    public void DeletedSlot_BecomesMmio_RecreatedSlotShowsHostContents()
    {
        using var vm = new KvmTestVm(ramSize: 1u << 20);
        var hva = vm.HostMm.MapAnonymous(0x4000, "extra");
        vm.Vm.SetUserMemoryRegion(3, 0, 0x600000, 0x4000, hva);
        Assert.True(vm.Vm.WriteGuest(0x600000, [1, 2, 3, 4]));
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(0x600000, false, out _));

        vm.Vm.SetUserMemoryRegion(3, 0, 0x600000, 0, hva); // delete
        Assert.False(vm.Vm.LookupGpaPte(0x600000).IsPresent);
        Assert.Equal(GpaFaultResult.NoSlot, vm.Memory.Faults.MapPage(0x600000, false, out _));

        vm.Vm.SetUserMemoryRegion(3, 0, 0x700000, 0x4000, hva); // recreate elsewhere over the same host pages
        var bytes = new byte[4];
        Assert.True(vm.Vm.ReadGuest(0x700000, bytes));
        Assert.Equal([1, 2, 3, 4], bytes);
    }

    [Fact]
    public void MovedSlot_DropsOldMappings()
    {
        using var vm = new KvmTestVm(ramSize: 1u << 20);
        var hva = vm.HostMm.MapAnonymous(0x2000, "movable");
        vm.Vm.SetUserMemoryRegion(2, 0, 0x500000, 0x2000, hva);
        vm.Memory.Faults.MapPage(0x500000, true, out var before);
        vm.Vm.SetUserMemoryRegion(2, 0, 0x510000, 0x2000, hva);
        Assert.False(vm.Vm.LookupGpaPte(0x500000).IsPresent);
        Assert.Equal(GpaFaultResult.NoSlot, vm.Memory.Faults.MapPage(0x500000, false, out _));
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(0x510000, false, out var after));
        Assert.Equal(before.Pfn, after.Pfn);
    }
}
