using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Cp0;

public class ExceptionTests
{
    [Theory]
    [InlineData(0x0000000cu, ExcCode.Sys)]
    [InlineData(0x0000000du, ExcCode.Bp)]
    public void SyscallAndBreak(uint word, ExcCode expected)
    {
        using var t = new TestCpu();
        t.Load(word);
        t.Step();
        Assert.Equal(expected, t.LastExcCode);
        Assert.Equal(TestCpu.CodeBase, t.Cp0(Cp0Register.Epc));
        Assert.NotEqual(0u, t.Cp0(Cp0Register.Status) & Cp0Bits.StatusEXL);
    }

    [Fact]
    public void Cop1_WithoutFpu_RaisesCoprocessorUnusable_WithCe1()
    {
        using var t = new TestCpu();
        t.Load(Mfc1(T0, 0));
        t.Step();
        Assert.Equal(ExcCode.CpU, t.LastExcCode);
        Assert.Equal(1u, (t.Cp0(Cp0Register.Cause) >> 28) & 3);
    }

    [Fact]
    public void BootExceptionVectors_WhenBevSet()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusBEV);
        t.Load(Syscall);
        t.Step();
        Assert.Equal(0xbfc00380u, t.Cpu.Pc);
    }

    [Fact]
    public void EBase_MovesVectors()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.EBase, 0x80100000);
        t.Load(Syscall);
        t.Step();
        Assert.Equal(0x80100180u, t.Cpu.Pc);
        Assert.Equal(0x80100000u, t.Cp0(Cp0Register.EBase));
    }

    [Fact]
    public void NestedException_WithExlSet_KeepsEpc()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusEXL);
        t.Cpu.WriteCp0(Cp0Register.Epc, 0x12345678);
        t.Load(Syscall);
        t.Step();
        Assert.Equal(0x12345678u, t.Cp0(Cp0Register.Epc));
        Assert.Equal(ExcCode.Sys, t.LastExcCode);
    }

    [Fact]
    public void Eret_ReturnsToEpc_AndClearsExl()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusEXL);
        t.Cpu.WriteCp0(Cp0Register.Epc, TestCpu.CodeBase + 0x40);
        t.Load(Eret, Addiu(T0, Zero, 1));
        t.Step();
        Assert.Equal(TestCpu.CodeBase + 0x40, t.Cpu.Pc);
        Assert.Equal(0u, t.Cp0(Cp0Register.Status) & Cp0Bits.StatusEXL);
        Assert.Equal(0u, t[T0]); // ERET has no delay slot
    }

    [Fact]
    public void SoftwareInterrupt_TakenWhenEnabled_OnVector200WithIv()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.Cause, Cp0Bits.CauseIV | (1u << 8));
        t.Load(Nop, Nop, Nop);
        t.Step(2);
        Assert.Equal(0L, t.Exceptions(ExcCode.Int)); // IE=0: pending but not taken
        t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusIE | (1u << 8));
        t.Step(1);
        Assert.Equal(1L, t.Exceptions(ExcCode.Int));
        Assert.Equal(ExcCode.Int, t.LastExcCode);
        // The handler (a branch-to-self at the vector) has started running.
        Assert.InRange(t.Cpu.Pc, 0x80000200u, 0x80000204u);
    }

    [Fact]
    public void Rdhwr_InUserMode_NeedsHwrEna()
    {
        using var t = new TestCpu();
        t.Cpu.WriteCp0(Cp0Register.UserLocal, 0x1234);
        t.Load(Rdhwr(T0, 29), Rdhwr(T1, 1));
        t.Step(2);
        Assert.Equal(0x1234u, t[T0]); // kernel mode: always allowed
        Assert.Equal(32u, t[T1]);

        // A user-mode RDHWR of ULR: RI until HWREna enables it. User code runs through a kuseg mapping
        // of the code page.
        using var u = new TestCpu();
        u.Cpu.WriteCp0(Cp0Register.Index, 0);
        u.Cpu.WriteCp0(Cp0Register.EntryHi, 0x00010000);
        u.Cpu.WriteCp0(Cp0Register.EntryLo0, (0x10u << 6) | 7);
        u.Cpu.WriteCp0(Cp0Register.EntryLo1, (0x11u << 6) | 7);
        u.Load(Tlbwi);
        u.Step();
        u.Load(Rdhwr(T0, 29));
        u.Cpu.WriteCp0(Cp0Register.UserLocal, 0x777);
        u.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusUM);
        u.Cpu.Pc = 0x00010000;
        u.Step();
        Assert.Equal(ExcCode.RI, u.LastExcCode);
        u.Cpu.WriteCp0(Cp0Register.HwrEna, 1u << 29);
        u.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusUM);
        u.Cpu.Pc = 0x00010000;
        u.Step();
        Assert.Equal(0x777u, u[T0]);
    }

    /// <summary>
    /// An ERET to an unaligned PC anywhere (also in the first page, where the interpreter's "no current code
    /// page" state once matched PCs 0x1 .. 0xffd and dereferenced a null code page) raises AdEL on the fetch with
    /// BadVAddr = EPC = the bad PC, as MIPS32 PRA §6.2.6 and QEMU do. Kernel mode: with ERL=0, kuseg 0x0..0xfff is
    /// TLB-mapped, so an aligned PC there would be a TLB refill instead (also checked).
    /// </summary>
    [Theory]
    [InlineData(0x00000005u, ExcCode.AdEL)]
    [InlineData(0x00000001u, ExcCode.AdEL)]
    [InlineData(0x00000fcdu, ExcCode.AdEL)]
    [InlineData(0x00000ffeu, ExcCode.AdEL)]
    [InlineData(0x00001001u, ExcCode.AdEL)]
    [InlineData(0x80001003u, ExcCode.AdEL)]
    [InlineData(0x00000004u, ExcCode.TlbL)]
    public void Eret_ToABadPc_RaisesTheFetchException_InTheGuest(uint target, ExcCode expected)
    {
        foreach (var bigEndian in new[] { true, false })
        {
            using var t = new TestCpu(bigEndian);
            t.Cpu.WriteCp0(Cp0Register.Epc, target);
            t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusEXL);
            t.Load(Eret);
            t.Step(2);
            Assert.Equal(expected, t.LastExcCode);
            Assert.Equal(target, t.Cp0(Cp0Register.Epc));
            Assert.Equal(target, t.Cp0(Cp0Register.BadVAddr));
        }
    }

    /// <summary>The same PCs set directly (as a debugger's <c>set $pc</c> does) and run for a whole batch.</summary>
    [Theory]
    [InlineData(0x00000005u)]
    [InlineData(0x00000fcdu)]
    public void Run_FromABadPc_RaisesAdEL_AndKeepsRunning(uint pc)
    {
        using var t = new TestCpu();
        t.Cpu.Pc = pc;
        t.Step(100);
        Assert.Equal(ExcCode.AdEL, t.LastExcCode);
        Assert.Equal(pc, t.Cp0(Cp0Register.Epc));
        Assert.InRange(t.Cpu.Pc, TestCpu.GeneralVector, TestCpu.GeneralVector + 4); // the vector's self-loop
    }
}
