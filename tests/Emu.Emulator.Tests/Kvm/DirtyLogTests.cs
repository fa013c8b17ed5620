using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>KVM_GET_DIRTY_LOG: get-and-clear with write protection.</summary>
public class DirtyLogTests
{
    private static bool Bit(ulong[] log, ulong gfn) => ((log[gfn / 64] >> (int)(gfn % 64)) & 1) != 0;

    [Fact]
    public void WrittenPages_AreReportedOnce_ThenAgainAfterTheNextWrite()
    {
        using var vm = new KvmTestVm(flags: MemslotFlags.LogDirtyPages);
        var f = vm.Memory.Faults;
        f.MapPage(0x1000, true, out _);
        f.MapPage(0x5000, true, out _);
        f.MapPage(0x9000, false, out _);
        var first = vm.Vm.GetDirtyLog(0);
        Assert.True(Bit(first, 1));
        Assert.True(Bit(first, 5));
        Assert.False(Bit(first, 9));
        Assert.DoesNotContain(vm.Vm.GetDirtyLog(0), w => w != 0);

        // Write-protected by the get: the next write faults (fast path) and is logged.
        Assert.False(vm.Vm.LookupGpaPte(0x5000).AllowsDirectWrite);
        f.MapPage(0x5000, true, out _);
        Assert.Equal(GpaFaultPath.Fast, f.LastPath);
        var third = vm.Vm.GetDirtyLog(0);
        Assert.True(Bit(third, 5));
        Assert.False(Bit(third, 1));
    }

    [Fact]
    public void SlotWithoutLogging_IsEnoent()
    {
        using var vm = new KvmTestVm();
        Assert.Equal(KvmErrno.NoEnt, Assert.Throws<MemslotException>(() => vm.Vm.GetDirtyLog(0)).Errno);
        Assert.Equal(KvmErrno.Inval, Assert.Throws<MemslotException>(() => vm.Vm.GetDirtyLog(5)).Errno);
    }

    [Fact]
    public void EnablingLogging_WriteProtectsMappedPages()
    {
        using var vm = new KvmTestVm();
        vm.Memory.Faults.MapPage(0x2000, true, out _);
        Assert.True(vm.Vm.LookupGpaPte(0x2000).AllowsDirectWrite);
        vm.Vm.SetUserMemoryRegion(0, MemslotFlags.LogDirtyPages, 0, vm.RamSize, vm.RamHva);
        Assert.False(vm.Vm.LookupGpaPte(0x2000).AllowsDirectWrite);
        vm.Memory.Faults.MapPage(0x2000, true, out _);
        Assert.True(Bit(vm.Vm.GetDirtyLog(0), 2));
    }

    [Fact]
    public void GuestWrites_ViaVcpu_AreLogged()
    {
        using var vm = new KvmTestVm(flags: MemslotFlags.LogDirtyPages);
        var code = new Assembler()
            .Li(Asm.T1, 0x80300000)
            .Emit(Asm.Sw(Asm.T1, Asm.T1, 0))
            .Emit(Asm.Sw(Asm.T1, Asm.T1, 0x1000 - 4))
            .Emit(Asm.Lw(Asm.T2, Asm.T1, 0x2000))
            .Build();
        vm.WriteWords(0x80010000, code);
        vm.Vm.GetDirtyLog(0); // drop the loader's writes
        vm.Cpu.Run(code.Length);
        var log = vm.Vm.GetDirtyLog(0);
        Assert.True(Bit(log, 0x300));
        Assert.False(Bit(log, 0x301)); // 0x300ffc is still page 0x300
        Assert.False(Bit(log, 0x302)); // only read
    }
}
