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

    [Fact]
    public void StoreThroughAnotherAlias_OfAPageThatBecameCode_IsSeenOnNextExecution()
    {
        // A store through a TLB-mapped alias (kuseg 0x00400000 → the data page) gives that alias a write tag; then the
        // page's code runs through kseg0, which makes the frame code: the alias, in another GvaCache slot, must lose its
        // write tag too, so the next store through it reaches the decoded code.
        using var t = new TestCpu();
        const uint alias = 0x00400000, codeOnData = TestCpu.DataBase + 4;
        Emu.Emulator.Tests.Jit.RegionChainTests.WriteTlbEntry(t, alias, Emu.Emulator.Tests.Jit.RegionChainTests.Lo(TestCpu.DataBase & 0x1fffffff));
        t.Poke32(codeOnData, Addiu(V0, Zero, 1));
        t.Poke32(codeOnData + 4, Jr(Ra));
        t.Poke32(codeOnData + 8, Nop);
        t[S1] = alias;
        t[S2] = codeOnData;
        t[T3] = Addiu(V0, Zero, 2);
        t.Load(Sw(Zero, S1, 0), Jalr(Ra, S2), Nop, Sw(T3, S1, 4), Jalr(Ra, S2), Nop, Beq(Zero, Zero, -1), Nop);
        t.Step(3 + 3); // sw, jalr, slot, and the code on the data page
        Assert.Equal(1u, t[V0]);
        t.Step(3 + 3);
        Assert.Equal(2u, t[V0]);
    }

    private const int T9Reg = 25;
}
