using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// Decoded instructions are derived from guest memory and the VM's invalidation hub drops them on every vCPU when
/// the memory changes (Kvm/Vm.CodeInvalidation.cs): a store by another vCPU, a store by a vCPU that held write
/// permission for the page before it became code, a host balloon zap of the page, and a memslot move or delete that
/// puts other bytes at the loop's GPA. vCPU 0 runs a counting loop; after the change it must run the new bytes from
/// its next batch on, never its old decode.
/// </summary>
public sealed class CodeCoherenceTests
{
    private const uint Loop = 0x80010000;       // vCPU 0: addiu t0,t0,1; b loop; nop
    private const uint Patcher = 0x80011000;    // vCPU 1: sw t1,0(a0); b .; nop
    private const uint LoopGpa = 0x10000;

    private static KvmTestVm TwoVcpus()
    {
        var vm = new KvmTestVm(vcpus: 2);
        vm.WriteWords(Loop, Addiu(T0, T0, 1), Beq(0, 0, -2), Nop);
        vm.WriteWords(Patcher, Sw(T1, A0, 0), Beq(0, 0, -1), Nop);
        vm.Cpus[0].Pc = Loop;
        vm.Cpus[1].Pc = Patcher;
        vm.Cpus[1].SetGpr(A0, Loop);
        vm.Cpus[1].SetGpr(T1, Addiu(T0, T0, 100));
        return vm;
    }

    [Fact]
    public void StoreByAnotherVcpu_ToCodeThisVcpuRuns_IsExecutedFromTheNextBatch()
    {
        using var vm = TwoVcpus();
        var cpu0 = vm.Cpus[0];
        cpu0.Run(30); // 10 iterations of the 3-instruction loop
        Assert.Equal(10u, cpu0.GetGpr(T0));
        vm.Cpus[1].Run(1); // the store of the new instruction
        Assert.Equal(Addiu(T0, T0, 100), vm.ReadWord(Loop));
        cpu0.Run(30);
        Assert.Equal(10u + 10 * 100, cpu0.GetGpr(T0));
    }

    [Fact]
    public void StoreByAVcpuThatCouldWriteThePageBeforeItBecameCode_IsSeenToo()
    {
        using var vm = TwoVcpus();
        // vCPU 1 first writes a data word on the loop's page while it is not code yet: it gets write permission.
        vm.Cpus[1].SetGpr(A1, Loop + 0x800);
        vm.WriteWords(Patcher, Sw(T1, A1, 0), Sw(T1, A0, 0), Beq(0, 0, -1), Nop);
        vm.Cpus[1].Pc = Patcher;
        vm.Cpus[1].Run(1);
        var cpu0 = vm.Cpus[0];
        cpu0.Run(30); // the page becomes code: the hub takes vCPU 1's write permission away
        vm.Cpus[1].Run(1);
        cpu0.Run(30);
        Assert.Equal(10u + 10 * 100, cpu0.GetGpr(T0));
    }

    [Fact]
    public void LoneVcpu_MakingAPageCode_FlushesNothing_AndItsOwnEarlierWritePermissionIsDropped()
    {
        // The prelude stores to the loop's page while it is not code (a write tag for it), then jumps there: the page
        // becomes code without a VM-wide flush (no other vCPU), and the loop's store of a new first instruction must
        // still reach the decoder, so later iterations add 100.
        using var vm = new KvmTestVm(vcpus: 1);
        vm.WriteWords(Patcher, Sw(T1, A0, 0x800), Asm.Text($"j 0x{Loop:x8}", Patcher + 4), Nop);
        vm.WriteWords(Loop, Addiu(T0, T0, 1), Sw(T1, A0, 0), Beq(0, 0, -3), Nop);
        var cpu = vm.Cpu;
        cpu.Pc = Patcher;
        cpu.SetGpr(A0, Loop);
        cpu.SetGpr(T1, Addiu(T0, T0, 100));
        cpu.Run(3 + 4 * 10);
        Assert.Equal(1u + 9 * 100, cpu.GetGpr(T0));
        Assert.Equal(0, vm.Vm.Stat.FlushRequests);
    }

    [Fact]
    public void BalloonZapOfACodePage_IsNeverRunFromTheOldDecode()
    {
        using var vm = TwoVcpus();
        var cpu0 = vm.Cpus[0];
        cpu0.Run(30);
        Assert.Equal(10u, cpu0.GetGpr(T0));
        // The host takes the page away and gives it back zeroed: the loop is gone (zero words are nops), so t0 stays.
        Assert.Equal(1, vm.HostMm.BalloonInflate(vm.HvaOf(LoopGpa), 4096));
        Assert.Equal(1, vm.HostMm.BalloonDeflate(vm.HvaOf(LoopGpa), 4096));
        Assert.Equal(0u, vm.ReadWord(Loop));
        cpu0.Run(30);
        Assert.Equal(10u, cpu0.GetGpr(T0));
        Assert.True(cpu0.Pc > Loop + 8, $"pc=0x{cpu0.Pc:x8}: still looping in the old decode");
    }

    private const uint SlotGpa = 0x800000;      // a two-page memslot: loop A (t0 += 1) in page 0, loop B (t0 += 100) in page 1
    private const uint SlotLoop = 0x80800000;

    private static (KvmTestVm Vm, ulong Hva) LoopInMovableSlot()
    {
        var vm = TwoVcpus();
        var hva = vm.HostMm.MapAnonymous(0x2000, "code-slot");
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.None, SlotGpa, 0x2000, hva);
        vm.WriteWords(SlotLoop, Addiu(T0, T0, 1), Beq(0, 0, -2), Nop);
        vm.WriteWords(SlotLoop + 0x1000, Addiu(T0, T0, 100), Beq(0, 0, -2), Nop);
        vm.Cpus[0].Pc = SlotLoop;
        vm.Cpus[0].Run(30);
        Assert.Equal(10u, vm.Cpus[0].GetGpr(T0));
        return (vm, hva);
    }

    [Fact]
    public void MemslotMove_PuttingOtherCodeAtTheLoopsGpa_RunsTheNewBytesAtOnce()
    {
        var (vm, hva) = LoopInMovableSlot();
        using var _ = vm;
        // KVM_SET_USER_MEMORY_REGION with a new GPA: the slot's second page (loop B) now sits at the loop's GPA.
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.None, SlotGpa - 0x1000, 0x2000, hva);
        Assert.Equal(Addiu(T0, T0, 100), vm.ReadWord(SlotLoop));
        var cpu0 = vm.Cpus[0];
        cpu0.Run(1); // the very first instruction after the move comes from the new bytes
        Assert.Equal(110u, cpu0.GetGpr(T0));
        cpu0.Run(29);
        Assert.Equal(10u + 10 * 100, cpu0.GetGpr(T0));
    }

    [Fact]
    public void MemslotDeleteAndCreate_WithOtherBytesAtTheLoopsGpa_RunsTheNewBytesAtOnce()
    {
        var (vm, hva) = LoopInMovableSlot();
        using var _ = vm;
        vm.Vm.SetUserMemoryRegion(1, MemslotFlags.None, SlotGpa, 0, hva); // delete
        vm.Vm.SetUserMemoryRegion(2, MemslotFlags.None, SlotGpa, 0x1000, hva + 0x1000); // loop B's page at the loop's GPA
        var cpu0 = vm.Cpus[0];
        cpu0.Run(1);
        Assert.Equal(110u, cpu0.GetGpr(T0));
    }
}
