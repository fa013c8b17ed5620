using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cpu;

public class AluTests
{
    private static TestCpu Run(uint[] program, params (int Reg, uint Value)[] init)
    {
        var t = new TestCpu();
        t.Load(program);
        foreach (var (reg, value) in init)
        {
            t[reg] = value;
        }
        t.Step(program.Length);
        return t;
    }

    [Fact]
    public void Add_OverflowTraps_AndLeavesDestinationUnchanged()
    {
        using var t = Run([Add(T2, T0, T1)], (T0, 0x7fffffff), (T1, 1), (T2, 0xdead));
        Assert.Equal(ExcCode.Ov, t.LastExcCode);
        Assert.Equal(0xdeadu, t[T2]);
        Assert.Equal(TestCpu.CodeBase, t.Cp0(Emu.Emulator.Cp0.Cp0Register.Epc));
    }

    [Fact]
    public void Addi_NegativeOverflowTraps_AddiuWraps()
    {
        using var t = Run([Addiu(T2, T0, -1), Addi(T3, T0, -1)], (T0, 0x80000000));
        Assert.Equal(0x7fffffffu, t[T2]);
        Assert.Equal(ExcCode.Ov, t.LastExcCode);
        Assert.Equal(0u, t[T3]);
    }

    [Fact]
    public void Sub_OverflowTraps_SubuWraps()
    {
        using var t = Run([Subu(T2, T0, T1), Sub(T3, T0, T1)], (T0, 0x80000000), (T1, 1));
        Assert.Equal(0x7fffffffu, t[T2]);
        Assert.Equal(ExcCode.Ov, t.LastExcCode);
    }

    [Fact]
    public void WritesToZeroRegister_AreDiscarded()
    {
        using var t = Run([Addiu(Zero, Zero, 5), Addu(T0, Zero, Zero)]);
        Assert.Equal(0u, t[Zero]);
        Assert.Equal(0u, t[T0]);
    }

    [Fact]
    public void SetLessThan_SignedAndUnsigned()
    {
        using var t = Run([Slt(T2, T0, T1), Sltu(T3, T0, T1), Sltiu(S0, T1, -1)], (T0, 0xffffffff), (T1, 1));
        Assert.Equal(1u, t[T2]);   // -1 < 1
        Assert.Equal(0u, t[T3]);   // 0xffffffff > 1
        Assert.Equal(1u, t[S0]);   // 1 < 0xffffffff (immediate sign-extended, compared unsigned)
    }

    [Fact]
    public void ShiftsAndRotates()
    {
        using var t = Run([Sra(T2, T0, 4), Rotr(T3, T0, 8), Rotrv(S0, T0, T1), Sll(S1, T0, 31)], (T0, 0x80000001), (T1, 36));
        Assert.Equal(0xf8000000u, t[T2]);
        Assert.Equal(0x01800000u, t[T3]);
        Assert.Equal(0x18000000u, t[S0]); // rotate amount is taken modulo 32
        Assert.Equal(0x80000000u, t[S1]);
    }

    [Fact]
    public void BitManipulation_Release2()
    {
        using var t = Run(
            [Ext(T2, T0, 4, 8), Ins(T3, T0, 8, 4), Wsbh(S0, T0), Seb(S1, T0), Seh(A0, T0), Clz(A1, T1), Clo(A2, T0)],
            (T0, 0xf2345678), (T3, 0xffffffff), (T1, 0x00008000));
        Assert.Equal(0x67u, t[T2]);
        Assert.Equal(0xfffff8ffu, t[T3]);
        Assert.Equal(0x34f27856u, t[S0]);
        Assert.Equal(0x00000078u, t[S1]);
        Assert.Equal(0x00005678u, t[A0]);
        Assert.Equal(16u, t[A1]);
        Assert.Equal(4u, t[A2]);
    }

    [Fact]
    public void Movz_Movn()
    {
        using var t = Run([Movz(T2, T0, Zero), Movn(T3, T0, Zero), Movn(S0, T0, T0)], (T0, 7), (T3, 9));
        Assert.Equal(7u, t[T2]);
        Assert.Equal(9u, t[T3]);
        Assert.Equal(7u, t[S0]);
    }

    [Fact]
    public void MultiplyAccumulate()
    {
        using var t = Run([Mult(T0, T1), Madd(T0, T1), Mfhi(T2), Mflo(T3), Mul(S0, T0, T1)], (T0, 0xfffffffe), (T1, 3));
        Assert.Equal(0xffffffffu, t[T2]); // -12 in HI:LO
        Assert.Equal(0xfffffff4u, t[T3]);
        Assert.Equal(0xfffffffau, t[S0]);
    }

    [Fact]
    public void Msubu_Unsigned()
    {
        using var t = Run([Multu(T0, T0), Msubu(T0, T1), Mfhi(T2), Mflo(T3)], (T0, 0xffffffff), (T1, 1));
        // 0xffffffff^2 - 0xffffffff = 0xfffffffe_00000001 - 0xffffffff = 0xfffffffd_00000002
        Assert.Equal(0xfffffffdu, t[T2]);
        Assert.Equal(2u, t[T3]);
    }

    [Fact]
    public void Divide_TruncatesTowardZero()
    {
        using var t = Run([Div(T0, T1), Mflo(T2), Mfhi(T3)], (T0, unchecked((uint)-7)), (T1, 2));
        Assert.Equal(unchecked((uint)-3), t[T2]);
        Assert.Equal(unchecked((uint)-1), t[T3]);
    }

    [Fact]
    public void DivideByZero_DoesNotTrap()
    {
        using var t = Run([Divu(T0, Zero), Mflo(T2), Mfhi(T3), Div(T1, T0)], (T0, 1234), (T1, 0x80000000));
        Assert.Equal(0L, t.Exceptions(ExcCode.Ov) + t.Exceptions(ExcCode.Tr));
        Assert.Equal(1234u, t[T2]);
        Assert.Equal(0u, t[T3]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Traps_RaiseTrOnlyWhenConditionHolds(bool equal)
    {
        using var t = Run([Teq(T0, T1), Tgei(T0, 100)], (T0, 5), (T1, equal ? 5u : 6u));
        Assert.Equal(equal ? 1 : 0, t.Exceptions(ExcCode.Tr));
    }
}
