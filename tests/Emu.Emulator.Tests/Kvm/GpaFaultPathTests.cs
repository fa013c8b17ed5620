using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>The fast and slow GPA fault paths of the seed commit, driven through a vCPU's fault handler.</summary>
public class GpaFaultPathTests
{
    private const ulong Gpa = 0x00200000;

    [Fact]
    public void FirstTouch_TakesSlowPath_InstallsYoungPte_CleanOnRead()
    {
        using var vm = new KvmTestVm();
        var faults = vm.Memory.Faults;
        Assert.Equal(GpaFaultResult.Mapped, faults.MapPage(Gpa, writeFault: false, out var pte));
        Assert.Equal(GpaFaultPath.Slow, faults.LastPath);
        Assert.True(pte.IsPresent);
        Assert.True(pte.IsYoung);
        Assert.False(pte.IsDirty); // a read fault never installs a dirty PTE
        Assert.False(pte.AllowsDirectWrite);
        Assert.Equal(pte, vm.Vm.LookupGpaPte(Gpa));
    }

    [Fact]
    public void SecondTouch_TakesFastPath()
    {
        using var vm = new KvmTestVm();
        var faults = vm.Memory.Faults;
        faults.MapPage(Gpa, false, out _);
        Assert.Equal(GpaFaultResult.Mapped, faults.MapPage(Gpa, false, out _));
        Assert.Equal(GpaFaultPath.Fast, faults.LastPath);
        Assert.Equal(1, vm.Memory.Stat.GpaFaultsSlow);
        Assert.Equal(1, vm.Memory.Stat.GpaFaultsFast);
    }

    [Fact]
    public void FastPath_MakesAnOldPageYoung()
    {
        using var vm = new KvmTestVm();
        var faults = vm.Memory.Faults;
        faults.MapPage(Gpa, true, out var before);
        Assert.Equal(1, vm.Vm.AgeGpaRange(Gpa, 4096, flush: true));
        Assert.False(vm.Vm.LookupGpaPte(Gpa).IsYoung);
        faults.MapPage(Gpa, false, out var after);
        Assert.Equal(GpaFaultPath.Fast, faults.LastPath);
        Assert.True(after.IsYoung);
        Assert.Equal(before.Pfn, after.Pfn);
    }

    [Fact]
    public void WriteFault_InstallsWritableDirtyPte()
    {
        using var vm = new KvmTestVm();
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(Gpa, true, out var pte));
        Assert.True(pte.IsWritable);
        Assert.True(pte.IsDirty);
        Assert.True(pte.AllowsDirectWrite);
    }

    [Fact]
    public void WriteToCleanWritablePage_IsDirtiedOnFastPath_AndLogged()
    {
        using var vm = new KvmTestVm();
        var faults = vm.Memory.Faults;
        faults.MapPage(Gpa, true, out _);          // make the host page writable
        // Clean it as dirty logging would, then write: fast path, because WRITE is still set.
        vm.Vm.SetUserMemoryRegion(0, MemslotFlags.LogDirtyPages, 0, vm.RamSize, vm.RamHva);
        Assert.False(vm.Vm.LookupGpaPte(Gpa).IsDirty);
        faults.MapPage(Gpa, true, out var pte);
        Assert.Equal(GpaFaultPath.Fast, faults.LastPath);
        Assert.True(pte.IsDirty);
        var log = vm.Vm.GetDirtyLog(0);
        Assert.Equal(1ul, (log[(Gpa >> 12) / 64] >> (int)((Gpa >> 12) % 64)) & 1);
    }

    [Fact]
    public void NoSlot_IsAnMmioResult_AndReadOnlySlotWriteToo()
    {
        using var vm = new KvmTestVm();
        Assert.Equal(GpaFaultResult.NoSlot, vm.Memory.Faults.MapPage(0x10000000, false, out _));
        var romHva = vm.HostMm.MapAnonymous(0x10000, "rom");
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.ReadOnly, 0x1fc00000, 0x10000, romHva);
        Assert.Equal(GpaFaultResult.Mapped, vm.Memory.Faults.MapPage(0x1fc00000, false, out var pte));
        Assert.False(pte.IsWritable);
        Assert.Equal(GpaFaultResult.ReadOnlySlotWrite, vm.Memory.Faults.MapPage(0x1fc00000, true, out _));
    }
}
