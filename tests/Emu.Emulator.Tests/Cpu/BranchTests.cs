using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cpu;

public class BranchTests
{
    [Fact]
    public void TakenBranch_ExecutesDelaySlot()
    {
        using var t = new TestCpu();
        t.Load(Beq(Zero, Zero, 2), Addiu(T0, Zero, 1), Addiu(T1, Zero, 1), Addiu(T2, Zero, 1));
        t.Step(3);
        Assert.Equal(1u, t[T0]); // delay slot ran
        Assert.Equal(0u, t[T1]); // skipped by the branch
        Assert.Equal(1u, t[T2]); // branch target
    }

    [Fact]
    public void BranchLikely_NotTaken_NullifiesDelaySlot()
    {
        using var t = new TestCpu();
        t.Load(Bnel(Zero, Zero, 2), Addiu(T0, Zero, 1), Addiu(T1, Zero, 1));
        t.Step(2);
        Assert.Equal(0u, t[T0]);
        Assert.Equal(1u, t[T1]);
    }

    [Fact]
    public void BranchLikely_Taken_ExecutesDelaySlot()
    {
        using var t = new TestCpu();
        t.Load(Beql(Zero, Zero, 2), Addiu(T0, Zero, 1), Addiu(T1, Zero, 1), Addiu(T2, Zero, 1));
        t.Step(3);
        Assert.Equal(1u, t[T0]);
        Assert.Equal(0u, t[T1]);
        Assert.Equal(1u, t[T2]);
    }

    [Fact]
    public void BranchAndLinkLikely_NotTaken_StillLinks()
    {
        using var t = new TestCpu();
        t[T0] = 0x80000000; // negative: BGEZALL not taken
        t.Load(Bgezall(T0, 4), Addiu(T1, Zero, 1), Addiu(T2, Zero, 1));
        t.Step(2);
        Assert.Equal(TestCpu.CodeBase + 8, t[Ra]);
        Assert.Equal(0u, t[T1]);
        Assert.Equal(1u, t[T2]);
    }

    [Fact]
    public void Jalr_LinksAndJumpsAfterDelaySlot()
    {
        using var t = new TestCpu();
        t[T9Reg] = TestCpu.CodeBase + 16;
        t.Load(Jalr(S0, T9Reg), Addiu(T0, Zero, 1), Addiu(T1, Zero, 1), Nop, Addiu(T2, Zero, 1));
        t.Step(3);
        Assert.Equal(TestCpu.CodeBase + 8, t[S0]);
        Assert.Equal(1u, t[T0]);
        Assert.Equal(0u, t[T1]);
        Assert.Equal(1u, t[T2]);
    }

    [Fact]
    public void J_TakesRegionFromDelaySlotAddress()
    {
        using var t = new TestCpu();
        t.Load(J(0x00010010), Nop, Nop, Nop, Addiu(T2, Zero, 1));
        t.Step(3);
        Assert.Equal(1u, t[T2]);
        Assert.Equal(TestCpu.CodeBase + 20, t.Cpu.Pc);
    }

    [Fact]
    public void ExceptionInDelaySlot_SetsBdAndEpcToBranch()
    {
        using var t = new TestCpu();
        t[T0] = 0x7fffffff;
        t.Load(Beq(Zero, Zero, 4), Addi(T1, T0, 1));
        t.Step(2);
        Assert.Equal(ExcCode.Ov, t.LastExcCode);
        Assert.True(t.LastBd);
        Assert.Equal(TestCpu.CodeBase, t.Cp0(Cp0Register.Epc));
    }

    [Fact]
    public void JumpToMisalignedAddress_RaisesAdelAtTarget()
    {
        using var t = new TestCpu();
        t[T0] = TestCpu.CodeBase + 0x102;
        t.Load(Jr(T0), Nop);
        t.Step(3);
        Assert.Equal(ExcCode.AdEL, t.LastExcCode);
        Assert.False(t.LastBd);
        Assert.Equal(TestCpu.CodeBase + 0x102, t.Cp0(Cp0Register.Epc));
        Assert.Equal(TestCpu.CodeBase + 0x102, t.Cp0(Cp0Register.BadVAddr));
    }

    [Fact]
    public void SelfModifyingCode_IsSeenOnNextExecution()
    {
        using var t = new TestCpu();
        // Store "addiu t2, zero, 7" over the instruction at CodeBase+12, then execute it.
        t[T0] = Addiu(T2, Zero, 7);
        t[T1] = TestCpu.CodeBase;
        t.Load(Sw(T0, T1, 12), Nop, Nop, Addiu(T2, Zero, 1));
        t.Step(4);
        Assert.Equal(7u, t[T2]);
    }

    private const int T9Reg = 25;
}
