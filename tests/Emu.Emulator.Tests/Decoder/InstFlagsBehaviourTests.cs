using Emu.Emulator.Decoder;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Decoder;

/// <summary>
/// The instruction table's flags checked against what the interpreter does (the table is the source of truth for
/// per-instruction facts): every privileged row raises CpU in user mode and runs in kernel mode, and ends the
/// interpreter's batch exactly when the row says EndsBatch (this once disagreed for TLBR, which can change the ASID
/// and so the translation of the code being run); every row, privileged or not, ends the batch exactly when flagged.
/// Each row runs as its pattern's fixed bits with every free field zero (MFC0/MTC0 on Index, TLB operations on entry
/// 0), followed by nops, in one Run of four instructions. InstTableBehaviourTests checks the other columns.
/// </summary>
public class InstFlagsBehaviourTests
{
    public static TheoryData<string> PrivilegedRows()
    {
        var data = new TheoryData<string>();
        foreach (var e in InstTable.Encodings.Where(e => (e.Flags & InstFlags.Privileged) != 0))
        {
            // WAIT idles and ERET jumps: both are checked by their own tests (CPU and exception tests).
            if (e.Name is not (InstName.Wait or InstName.Eret))
            {
                data.Add(e.Name.ToString());
            }
        }
        return data;
    }

    private static InstEncoding Row(string name) => InstTable.Encodings.First(e => e.Name.ToString() == name);

    public static TheoryData<string> AllRows()
    {
        var data = new TheoryData<string>();
        foreach (var e in InstTable.Encodings)
        {
            // WAIT idles: Run returns after it (WaitingForInterrupt) without starting another batch (CPU tests cover it).
            if (e.Name is not InstName.Wait)
            {
                data.Add(e.Name.ToString());
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllRows))]
    public void EveryRow_EndsTheBatch_ExactlyWhenFlagged(string name)
    {
        var row = Row(name);
        using var t = new TestCpu();
        // Kernel mode with CU0 and CU1; every GPR points at data (a load or store, JR and JALR find RAM there);
        // ERET returns to the next instruction.
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Status, Emu.Emulator.Cp0.Cp0Bits.StatusCU0 | Emu.Emulator.Cp0.Cp0Bits.StatusCU1);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Epc, TestCpu.CodeBase + 4);
        for (var r = 1; r < 32; r++)
        {
            t[r] = TestCpu.DataBase;
        }
        var word = row.Value;
        if (row.Name is InstName.Ext or InstName.Ins)
        {
            word |= 1u << 11; // a valid size
        }
        t.Load(word, Asm.Nop, Asm.Nop, Asm.Nop);
        var before = t.Cpu.BatchesExecuted;
        var exceptions = t.Cpu.ExceptionCounts.Sum();
        t.Step(4);
        // An exception ends the batch too, whatever the row says (SYSCALL, a trap whose registers are equal, COP2).
        var raised = t.Cpu.ExceptionCounts.Sum() != exceptions;
        var batches = t.Cpu.BatchesExecuted - before;
        Assert.Equal((row.Flags & InstFlags.EndsBatch) != 0 || raised ? 2 : 1, batches);
    }

    [Theory]
    [MemberData(nameof(PrivilegedRows))]
    public void PrivilegedRow_RaisesCoprocessorUnusable_InUserMode(string name)
    {
        var row = Row(name);
        using var t = new TestCpu();
        // Code at a kuseg page mapped by TLB entry 1 (user-accessible), Status.UM = 1.
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Index, 1);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.EntryHi, 0x00010000);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.EntryLo0, (0x10u << 6) | 7);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.EntryLo1, (0x11u << 6) | 7);
        t.Load(Asm.Tlbwi);
        t.Step();
        t.Load(row.Value);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Status, Emu.Emulator.Cp0.Cp0Bits.StatusUM);
        t.Cpu.Pc = 0x00010000;
        t.Step();
        Assert.Equal(Emu.Emulator.Cpu.ExcCode.CpU, t.LastExcCode);
        Assert.Equal(0x00010000u, t.Cp0(Emu.Emulator.Cp0.Cp0Register.Epc));
    }

    [Theory]
    [InlineData(InstName.Addu)]
    [InlineData(InstName.Sll)]
    [InlineData(InstName.Mfhi)]
    [InlineData(InstName.Rdhwr)]
    public void UnflaggedRow_RunsInOneBatch(InstName name)
    {
        var row = InstTable.Encodings.First(e => e.Name == name);
        Assert.Equal(InstFlags.None, row.Flags & InstFlags.EndsBatch);
        using var t = new TestCpu();
        t.Load(row.Value, Asm.Nop, Asm.Nop, Asm.Nop);
        var before = t.Cpu.BatchesExecuted;
        t.Step(4);
        Assert.Equal(1, t.Cpu.BatchesExecuted - before);
    }

    /// <summary>
    /// Why TLBR and MTC0 are flagged EndsBatch: the interpreter now takes that flag from the table, so a missing flag
    /// would not show as a disagreement, but as this: an instruction that changes EntryHi.ASID must have the very next
    /// fetch translated under the new ASID. VA 0x00010000 maps (non-global) to physical 0x10000 under ASID 1 and to
    /// 0x30000 under ASID 2; the instruction after the ASID change sets v0 to 1 or 2 depending on which page it came
    /// from. Without the batch end, the interpreter keeps running the page it already holds.
    /// </summary>
    [Theory]
    [InlineData(InstName.Tlbr)]
    [InlineData(InstName.Mtc0)]
    public void AsidChange_IsSeenByTheNextFetch(InstName how)
    {
        using var t = new TestCpu();
        const uint Va = 0x00010000;
        t.Cpu.WritableTlb.Write(0, Va | 1, 0, (0x10u << 6) | 6, (0x11u << 6) | 6);
        t.Cpu.WritableTlb.Write(1, Va | 2, 0, (0x30u << 6) | 6, (0x31u << 6) | 6);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.EntryHi, Va | 1);
        t.Cpu.WriteCp0(Emu.Emulator.Cp0.Cp0Register.Index, 1);
        t[Asm.T0] = Va | 2;
        t.Poke32(0x80010000, how == InstName.Tlbr ? Asm.Tlbr : Asm.Mtc0(Asm.T0, 10)); // EntryHi is CP0 register 10
        t.Poke32(0x80010004, Asm.Addiu(Asm.V0, 0, 1));
        t.Poke32(0x80030004, Asm.Addiu(Asm.V0, 0, 2));
        t.Cpu.Pc = Va;
        t.Step(2);
        Assert.Equal(2u, t.Cp0(Emu.Emulator.Cp0.Cp0Register.EntryHi) & 0xff);
        Assert.Equal(2u, t[Asm.V0]);
    }
}
