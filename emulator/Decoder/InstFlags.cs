namespace Emu.Emulator.Decoder;

/// <summary>
/// Per-instruction metadata shared by the interpreter, disassembler, gdb stepping and tracing
/// (the idea of Dolphin's PPCTables: one table, many users).
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
    /// <summary>Writes the return address to a link register.</summary>
    Link = 1 << 4,
    Load = 1 << 5,
    Store = 1 << 6,
    /// <summary>Needs kernel mode or Status.CU0 (MIPS32 PRA §9: Coprocessor 0 instructions).</summary>
    Privileged = 1 << 7,
    /// <summary>May raise a Trap/Overflow/Syscall/Break exception by design.</summary>
    Trap = 1 << 8,
    /// <summary>Changes CP0 state that affects interrupts or translation: the interpreter ends its batch.</summary>
    EndsBatch = 1 << 9,
    /// <summary>Coprocessor Unusable on this CPU (no FPU / COP2).</summary>
    CopUnusable = 1 << 10,
    /// <summary>A CP1 (FPU) instruction: Coprocessor Unusable unless the CPU has an FPU and Status.CU1 = 1.</summary>
    Fpu = 1 << 11,
    /// <summary>
    /// Matches only the words no other row of its primary opcode matches (the unassigned COP1/COP1X
    /// encodings, which still need CU1 checked before they raise RI).
    /// </summary>
    Fallback = 1 << 12,
}
