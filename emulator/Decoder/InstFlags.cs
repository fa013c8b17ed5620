namespace Emu.Emulator.Decoder;

/// <summary>
/// Per-instruction control-flow and mode facts, one column of <see cref="InstTable"/> (the idea of Dolphin's
/// PPCTables: one table read by the interpreter, the disassembler, and translators). Register use/def, memory access
/// and exceptions are the row's other columns (<see cref="RegSet"/>, <see cref="MemAccess"/>, <see cref="MayRaise"/>).
/// </summary>
[Flags]
public enum InstFlags : ushort
{
    None = 0,
    /// <summary>Conditional branch (PC-relative).</summary>
    Branch = 1 << 0,
    /// <summary>Unconditional jump (J/JAL/JR/JALR).</summary>
    Jump = 1 << 1,
    /// <summary>The next instruction is a delay slot.</summary>
    DelaySlot = 1 << 2,
    /// <summary>Branch-likely: the delay slot is nullified when the branch is not taken.</summary>
    Likely = 1 << 3,
    /// <summary>Writes the return address to a link register (r31, or rd for JALR).</summary>
    Link = 1 << 4,
    /// <summary>Needs kernel mode or Status.CU0 (MIPS32 PRA §9: Coprocessor 0 instructions): CpU otherwise.</summary>
    Privileged = 1 << 7,
    /// <summary>
    /// Changes CP0 state that affects interrupts, translation or halting (MTC0, EI, TLBR/TLBWI/TLBWR, ERET, WAIT): the
    /// interpreter ends its batch after it, so the next batch starts from a fresh look at that state. Not DI: masking
    /// interrupts makes none deliverable, so there is nothing to look at afresh.
    /// </summary>
    EndsBatch = 1 << 9,
    /// <summary>
    /// A translator's block ends here (after the delay slot, for a branch or jump): control leaves the straight
    /// line (branches, jumps, SYSCALL, BREAK, ERET) or CP0 state the block was built under may change (every
    /// <see cref="EndsBatch"/> row).
    /// </summary>
    EndsBlock = 1 << 10,
    /// <summary>A CP1 (FPU) instruction: Coprocessor Unusable unless the CPU has an FPU and Status.CU1 = 1.</summary>
    Fpu = 1 << 11,
    /// <summary>
    /// Matches only the words no other row of its primary opcode matches (the unassigned COP1/COP1X
    /// encodings, which still need CU1 checked before they raise RI).
    /// </summary>
    Fallback = 1 << 12,
    /// <summary>
    /// Writes its GPR destination only when a condition holds (MOVZ, MOVN, MOVF/MOVT): the destination's old value
    /// is live, so a register allocator must treat the destination as read too.
    /// </summary>
    ConditionalWrite = 1 << 13,
}
