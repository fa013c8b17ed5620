using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// LL/SC on the VM's real memory path (Mips32Cpu.Linked.cs): the SC is a compare-and-exchange against the value LL
/// read, on the frame LL linked. Each case runs LL, does something between (host pressure, a debugger write, a
/// store by the guest), then SC, and checks SC's result and memory. QEMU's model: SC fails when the word changed,
/// when SC's address is not LL's, after ERET. When the host moved the page in between, the exchange is made on the
/// frame the guest maps now and never touches another. The single-vCPU cases run both ways the exchange is made: as a
/// locked compare-and-exchange, and as the plain load, compare and store of a vCPU alone in its VM (Mips32Cpu.SoleVcpu).
/// </summary>
public sealed class LinkedAccessTests
{
    private const uint Data = 0x80020000;
    private const uint DataGpa = 0x20000;

    /// <summary>ll t0,0(a0); [between]; addiu t0,t0,1; sc t0,0(a1). Returns (sc result, word after).</summary>
    private static (uint Sc, uint Word) LlThenSc(KvmTestVm vm, bool sole, Action<KvmTestVm> between, uint scAddress = Data,
        uint between2 = 0 /* nop */)
    {
        var cpu = vm.Cpu;
        cpu.SoleVcpu = sole;
        vm.WriteWords(0x80010000, Ll(T0, A0, 0), between2, Addiu(T0, T0, 1), Sc(T0, A1, 0), Beq(0, 0, -1), Nop);
        vm.WriteWords(Data, 41);
        cpu.Pc = 0x80010000;
        cpu.SetGpr(A0, Data);
        cpu.SetGpr(A1, scAddress);
        cpu.Run(2); // ll, and the instruction after it
        between(vm);
        cpu.Run(2); // addiu, sc
        return (cpu.GetGpr(T0), vm.ReadWord(Data));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void NothingBetween_ScSucceeds(bool bigEndian, bool sole)
    {
        using var vm = new KvmTestVm(bigEndian: bigEndian);
        Assert.Equal((1u, 42u), LlThenSc(vm, sole, _ => { }));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PageSwappedOutAndIn_ScCompletesOnTheFrameTheGuestMapsNow(bool sole)
    {
        using var vm = new KvmTestVm();
        var result = LlThenSc(vm, sole, v =>
        {
            Assert.Equal(1, v.HostMm.SwapOut(v.HvaOf(DataGpa), 4096));
            Assert.Equal(41u, v.ReadWord(Data)); // swapped back in by the read
        });
        // Same bytes on the new frame: the exchange succeeds there, and the guest sees it.
        Assert.Equal((1u, 42u), result);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PageMergedByKsm_ScBreaksCow_AndNeverWritesTheSharedFrame(bool sole)
    {
        using var vm = new KvmTestVm();
        var result = LlThenSc(vm, sole, v =>
        {
            v.WriteWords(Data + 0x1000, 41); // an identical page to merge with
            Assert.True(v.HostMm.KsmMerge(v.HvaOf(DataGpa), 0x2000) > 0);
        });
        Assert.Equal((1u, 42u), result);
        Assert.Equal(41u, vm.ReadWord(Data + 0x1000)); // the twin still maps the shared frame, unchanged
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void DebuggerWritesAnotherValue_ScFails(bool sole)
    {
        using var vm = new KvmTestVm();
        Assert.Equal((0u, 7u), LlThenSc(vm, sole, v => v.WriteWords(Data, 7)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ScToAnotherAddressThanLl_Fails(bool sole)
    {
        using var vm = new KvmTestVm();
        Assert.Equal((0u, 41u), LlThenSc(vm, sole, _ => { }, scAddress: Data + 64));
        Assert.Equal(0u, vm.ReadWord(Data + 64));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PlainStoreByTheSameVcpuToTheLinkedWord_ScFails(bool sole)
    {
        using var vm = new KvmTestVm();
        vm.Cpu.SetGpr(T1, 5);
        // sw t1,0(a0) between LL and SC: the word changed, so the SC fails (as on QEMU).
        Assert.Equal((0u, 5u), LlThenSc(vm, sole, _ => { }, between2: Sw(T1, A0, 0)));
    }

    [Fact]
    public void TwoVcpus_InterleavedOnOneWord_OnlyOneScSucceeds()
    {
        using var vm = new KvmTestVm(vcpus: 2);
        vm.WriteWords(0x80010000, Ll(T0, A0, 0), Addiu(T0, T0, 1), Sc(T0, A0, 0), Beq(0, 0, -1), Nop);
        vm.WriteWords(Data, 100);
        foreach (var cpu in vm.Cpus)
        {
            cpu.Pc = 0x80010000;
            cpu.SetGpr(A0, Data);
        }
        vm.Cpus[0].Run(2); // vCPU 0: ll, addiu
        vm.Cpus[1].Run(3); // vCPU 1: ll, addiu, sc (succeeds: 101)
        vm.Cpus[0].Run(1); // vCPU 0: sc must fail, or the increment of vCPU 1 is lost
        Assert.Equal(1u, vm.Cpus[1].GetGpr(T0));
        Assert.Equal(0u, vm.Cpus[0].GetGpr(T0));
        Assert.Equal(101u, vm.ReadWord(Data));
    }
}
