using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cp0;

public class TimerTests
{
    [Fact]
    public void Count_AdvancesEveryOtherInstruction()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Count, 100);
        var program = new uint[41];
        program[40] = Mfc0(T0, 9);
        t.Load(program);
        t.Step(41);
        Assert.InRange(t[T0], 119u, 121u);
    }

    [Fact]
    public void CompareMatch_SetsTi_AndRaisesIp7Interrupt()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Count, 0);
        t.Cpu.WriteCp0(Cp0Register.Compare, 50);
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusIE | (1u << 15));
        t.Load(new uint[200]);
        t.Step(99);
        Assert.Equal(0L, t.Exceptions(ExcCode.Int));
        t.Step(3);
        Assert.Equal(1L, t.Exceptions(ExcCode.Int));
        var cause = t.Cp0(Cp0Register.Cause);
        Assert.NotEqual(0u, cause & Cp0Bits.CauseTI);
        Assert.NotEqual(0u, cause & Cp0Bits.CauseIP7);
        Assert.InRange(t.Cp0(Cp0Register.Epc), TestCpu.CodeBase + 4 * 98, TestCpu.CodeBase + 4 * 101);

        // Writing Compare acknowledges the interrupt.
        t.Cpu.WriteCp0(Cp0Register.Compare, 10_000);
        Assert.Equal(0u, t.Cp0(Cp0Register.Cause) & Cp0Bits.CauseTI);
    }

    [Fact]
    public void Wait_IdlesUntilTimer_ThenTakesInterruptAfterWait()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Count, 0);
        t.Cpu.WriteCp0(Cp0Register.Compare, 1_000_000);
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusIE | (1u << 15));
        t.Load(Wait, Addiu(T0, Zero, 1));
        t.Step(3);
        // The wait retired, guest time jumped to the Compare match, and the interrupt's EPC is the
        // instruction after WAIT; only a handful of instructions actually ran.
        Assert.Equal(1L, t.Exceptions(ExcCode.Int));
        Assert.Equal(TestCpu.CodeBase + 4, t.Cp0(Cp0Register.Epc));
        Assert.True(t.Cpu.InstructionsRetired < 10);
        Assert.True(t.Cp0(Cp0Register.Count) >= 1_000_000);
    }

    [Fact]
    public void Wait_WithInterruptsDisabled_EndsBoundedRun_AndWakesOnDeviceLine()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, 0);
        t.Load(Wait, Addiu(T0, Zero, 1));
        Assert.Equal(StopReason.WaitingForInterrupt, t.Cpu.Run(100));
        Assert.Equal(0u, t[T0]);

        // A board line (IP2) with IE and IM2 set ends the wait: the interrupt is taken after WAIT.
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusIE | (1u << 10));
        t.Cpu.SetIrqLine(0, true);
        t.Step(1);
        Assert.Equal(1L, t.Exceptions(ExcCode.Int));
        Assert.Equal(TestCpu.CodeBase + 4, t.Cp0(Cp0Register.Epc));
    }

    [Fact]
    public void CompareWrittenBehindCount_DoesNotFireForCountsAlreadyPassed()
    {
        // Linux's c0_compare_int_usable acknowledges with Compare = Count - 1 and expects TI to stay clear
        // until Count wraps round to it (PRA §9.18: the interrupt is raised when Count *becomes* equal).
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Count, 0);
        t.Cpu.WriteCp0(Cp0Register.Status, 0);
        var program = new uint[200];
        program[100] = Mfc0(T0, 9);
        program[101] = Addiu(T0, T0, -1);
        program[102] = Mtc0(T0, 11);
        t.Load(program);
        t.Step(180);

        Assert.Equal(0u, t.Cp0(Cp0Register.Cause) & Cp0Bits.CauseTI);
    }
}
