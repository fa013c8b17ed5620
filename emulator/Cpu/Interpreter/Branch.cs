using System.Runtime.CompilerServices;

// Emu.Emulator.Cpu, not the folder's namespace: see Alu.cs.
namespace Emu.Emulator.Cpu;

/// <summary>
/// The branch and jump family's semantics (MIPS32 Vol II-A B*, J, JAL, JR, JALR): each conditional branch's
/// condition, the branch and jump targets and the link address. What happens around them is the dispatch's
/// (Mips32Cpu.Execute.cs), because it is the loop's own state: the delay slot (the next PC is set now and takes
/// effect after the slot) and, for the branch-likely forms, nullification of the slot when the branch is not taken.
/// </summary>
internal static class Branch
{
    // ---- Conditions (rs against rt, or rs against zero, signed) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(uint rs, uint rt) => rs == rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ne(uint rs, uint rt) => rs != rt;

    /// <summary>BLEZ(L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Lez(uint rs) => (int)rs <= 0;

    /// <summary>BGTZ(L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Gtz(uint rs) => (int)rs > 0;

    /// <summary>BLTZ(L), BLTZAL(L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ltz(uint rs) => (int)rs < 0;

    /// <summary>BGEZ(L), BGEZAL(L).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Gez(uint rs) => (int)rs >= 0;

    // ---- Targets and link ----

    /// <summary>A branch's target: the delay slot's address plus the offset (the decoder has shifted and extended it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Target(uint pc, uint offset) => pc + 4 + offset;

    /// <summary>J/JAL: the delay slot's 256 MiB region with the instruction index (already shifted left by 2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint JumpTarget(uint delaySlotPc, uint index) => (delaySlotPc & 0xf0000000) | index;

    /// <summary>
    /// The return address the linking forms write (r31, or rd for JALR): the instruction after the delay slot.
    /// BLTZAL/BGEZAL(L) write it whether or not the branch is taken; the condition is read first, so a branch on r31
    /// itself tests the old value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReturnAddress(uint pc) => pc + 8;
}
