using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>Guest stores and loads that no RAM-like memslot serves become MMIO exits with GPA, size and data.</summary>
public class MmioExitTests
{
    [Fact]
    public void GuestWrite_ToReadOnlySlot_IsAnMmioWriteExit_AndLeavesMemoryUnchanged()
    {
        using var vm = new KvmTestVm();
        var romHva = vm.HostMm.MapAnonymous(0x10000, "rom");
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.ReadOnly, 0x00800000, 0x10000, romHva);
        Assert.True(vm.Vm.WriteGuest(0x00800010, [0xaa, 0xbb, 0xcc, 0xdd]));
        var code = new Assembler()
            .Li(T1, 0xa0800010)        // kseg1 view of the read-only slot
            .Li(T0, 0x12345678)
            .Emit(Lw(T2, T1, 0))       // read maps
            .Emit(Sh(T0, T1, 2))       // write exits
            .Emit(Lw(T3, T1, 0))
            .Build();
        vm.WriteWords(0x80010000, code);
        vm.Cpu.Run(code.Length);
        Assert.Equal(0xaabbccddu, vm.Cpu.GetGpr(T2));
        Assert.Equal(new MmioAccess(0x00800012u, 2, true, 0x5678u), vm.Memory.LastMmio);
        Assert.Equal(0xaabbccddu, vm.Cpu.GetGpr(T3));
        Assert.Equal(0xaabbccddu, vm.ReadWord(0x00800010));
    }

    [Fact]
    public void GuestAccess_WithNoSlot_IsAnMmioExit_ToTheDeviceBus()
    {
        using var vm = new KvmTestVm();
        var code = new Assembler()
            .Li(T1, 0xbf000000 + 0x300) // the exit device, offset of an absent vCPU 3
            .Li(T0, 0xcafe)
            .Emit(Sw(T0, T1, 0))
            .Build();
        vm.WriteWords(0x80010000, code);
        vm.Cpu.Run(code.Length);
        Assert.Equal(new MmioAccess(0x1f000300u, 4, true, 0xcafeu), vm.Memory.LastMmio);
        Assert.Equal(0xcafeu, vm.Exit.Values[3]);
        Assert.Equal(1, vm.Memory.Stat.MmioExits);
    }
}
