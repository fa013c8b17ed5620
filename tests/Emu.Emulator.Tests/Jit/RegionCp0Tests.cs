using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// The CP0 instructions regions translate (RegionPlan.IsCp0): DI and MFC0, in kernel-mode regions only. They run inside
/// the region (no bail-out) with the interpreter's results, Status included, and Count and Random as at that very
/// instruction; in user mode they stay with the interpreter, which raises Coprocessor Unusable when
/// Status.CU0 is clear.
/// </summary>
public sealed class RegionCp0Tests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DiAndMfc0OfStatus_RunInTheRegion_AsInTheInterpreter(bool bigEndian)
    {
        uint[] program =
        [
            Addiu(S0, Zero, 50),
            Di(T0), // loop head: t0 = Status (IE set the first time only), IE cleared
            Mfc0(T1, 12), // t1 = Status
            Addu(S1, S1, T0),
            Addu(S2, S2, T1),
            Addiu(S0, S0, -1),
            Bne(S0, Zero, -6),
            Nop,
            Beq(Zero, Zero, -1),
            Nop,
        ];
        var (a, b, jit) = RegionChainTests.Pair(bigEndian, t =>
        {
            t.Load(program);
            t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusIE | Cp0Bits.StatusCU0);
        });
        using (a)
        using (b)
        {
            a.Cpu.Run(400);
            b.Cpu.Run(400);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal(a.Cp0(Cp0Register.Status), b.Cp0(Cp0Register.Status));
            Assert.Equal(0u, b.Cp0(Cp0Register.Status) & Cp0Bits.StatusIE);
            Assert.Equal(unchecked((50 * Cp0Bits.StatusCU0) + Cp0Bits.StatusIE), b[S1]); // only the first DI saw IE set
            Assert.Equal(unchecked(50 * Cp0Bits.StatusCU0), b[S2]); // every MFC0 after its DI sees it clear
            Assert.True(jit.Stats.Bailouts <= 1, $"bailouts={jit.Stats.Bailouts}"); // at most the batch budget's end; untranslated, every DI would bail
            // The first pass (a batch start is no block start) and the budget's end; untranslated, 50 pieces of 6.
            Assert.True(jit.Stats.InstructionsInterpreted < 20, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Mfc0_ReadsWhatTheInterpreterReads_AtThatInstruction(bool bigEndian)
    {
        // Count moves every other instruction and Random every one, so a read one instruction off shows in the sums (the
        // body is 13 long: reads fall on both parities); Compare is passed during the run, so Cause.TI changes under the
        // reads too.
        uint[] program =
        [
            Addiu(S0, Zero, 60),
            Addu(S3, S3, T3), // loop head
            Mfc0(T1, 9), // Count, first in its block
            Addu(S1, S1, T1),
            Mfc0(T2, 13), // Cause
            Addu(S2, S2, T2),
            Mfc0(T4, 1), // Random
            Addu(S4, S4, T4),
            Mfc0(T5, 14), // EPC
            Addu(S5, S5, T5),
            Nop,
            Addiu(S0, S0, -1),
            Bne(S0, Zero, -12),
            Mfc0(T3, 9), // Count, in the delay slot
            Beq(Zero, Zero, -1),
            Nop,
        ];
        var (a, b, jit) = RegionChainTests.Pair(bigEndian, t =>
        {
            t.Load(program);
            t.Cpu.WriteCp0(Cp0Register.Compare, 150);
            t.Cpu.WriteCp0(Cp0Register.Epc, 0x80001234);
        });
        using (a)
        using (b)
        {
            a.Cpu.Run(900);
            b.Cpu.Run(900);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal(0u, b[S0]);
            Assert.NotEqual(0u, a.Cp0(Cp0Register.Cause) & Cp0Bits.CauseTI); // the timer fired during the loop
            Assert.True(jit.Stats.InstructionsInterpreted < 30, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Di_InUserModeWithoutCu0_RaisesCoprocessorUnusable_WithTheTranslatorOn(bool bigEndian)
    {
        // ERET to kuseg 0x00400000 (TLB entry 0 → physical 0x00011000) in user mode, where DI must raise CpU.
        const uint userVa = 0x00400000, userPa = 0x00011000;
        var (a, b, _) = RegionChainTests.Pair(bigEndian, t =>
        {
            RegionChainTests.WriteTlbEntry(t, userVa, RegionChainTests.Lo(userPa));
            // The branch makes the DI's block a block start, so a region is planned there at once (threshold 1).
            RegionChainTests.Place(t, 0x80000000 | userPa, [Beq(Zero, Zero, 1), Nop, Addiu(S0, S0, 1), Di(T0), Addiu(S0, S0, 1), Beq(Zero, Zero, -4), Nop]);
            t.Load(Eret);
            t.Cpu.WriteCp0(Cp0Register.Epc, userVa);
            t.Cpu.WriteCp0(Cp0Register.Status, Cp0Bits.StatusUM | Cp0Bits.StatusEXL | Cp0Bits.StatusIE);
        });
        using (a)
        using (b)
        {
            a.Cpu.Run(50);
            b.Cpu.Run(50);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal(ExcCode.CpU, b.LastExcCode);
            Assert.Equal(userVa + 12, b.Cp0(Cp0Register.Epc));
            Assert.Equal(1u, b[S0]);
        }
    }
}
