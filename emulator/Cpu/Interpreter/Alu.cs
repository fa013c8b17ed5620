using System.Numerics;
using System.Runtime.CompilerServices;

// The interpreter's families live in Emu.Emulator.Cpu, not the folder's namespace: they are used by the vCPU's
// partials (the dispatch in Mips32Cpu.Execute.cs) and by the JIT (emulator/Jit calls MulDiv), both in that namespace.
namespace Emu.Emulator.Cpu;

/// <summary>
/// The ALU family's semantics (MIPS32 Vol II-A): shifts and rotates, register and immediate arithmetic and logic,
/// set-on-less-than, conditional moves and the Release 2 bit operations. Pure functions of operand values: the
/// dispatch (Mips32Cpu.Execute.cs) picks the operands from the decoded slot and writes the result, so each of these
/// inlines into its <c>case</c> and the one switch stays the only dispatch.
/// </summary>
internal static class Alu
{
    // ---- Shifts and rotates (SLL, SRL, SRA, ROTR; the variable forms pass rs & 31, VarShift) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sll(uint value, uint sa) => value << (int)sa;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Srl(uint value, uint sa) => value >> (int)sa;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sra(uint value, uint sa) => (uint)((int)value >> (int)sa);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Rotr(uint value, uint sa) => BitOperations.RotateRight(value, (int)sa);

    /// <summary>SLLV/SRLV/SRAV/ROTRV: the shift amount is the low five bits of rs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint VarShift(uint rs) => rs & 31;

    // ---- Arithmetic: ADD, ADDI, SUB raise Integer Overflow and then leave rd/rt unchanged ----

    /// <summary>ADD/ADDI: false on signed overflow (the caller raises Ov and writes nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryAdd(uint a, uint b, out uint sum)
    {
        var s = (int)a + (int)b;
        sum = (uint)s;
        return (((int)a ^ s) & ((int)b ^ s)) >= 0;
    }

    /// <summary>SUB: false on signed overflow.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySub(uint a, uint b, out uint diff)
    {
        var d = (int)a - (int)b;
        diff = (uint)d;
        return (((int)a ^ (int)b) & ((int)a ^ d)) >= 0;
    }

    // ---- Set on less than (SLT, SLTU, SLTI, SLTIU: SLTIU compares with the sign-extended immediate) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Slt(uint a, uint b) => (int)a < (int)b ? 1u : 0u;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Sltu(uint a, uint b) => a < b ? 1u : 0u;

    // ---- Logic (AND, OR, XOR, NOR and the zero-extended immediate forms) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Nor(uint a, uint b) => ~(a | b);

    // ---- Conditional moves: rd is written only when the condition on rt holds (InstFlags.ConditionalWrite) ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Movz(uint rt) => rt == 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Movn(uint rt) => rt != 0;

    // ---- Release 2 bit operations ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Clz(uint value) => (uint)BitOperations.LeadingZeroCount(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Clo(uint value) => (uint)BitOperations.LeadingZeroCount(~value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Seb(uint value) => (uint)(sbyte)value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Seh(uint value) => (uint)(short)value;

    /// <summary>WSBH: swap the bytes within each halfword.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Wsbh(uint value) => ((value & 0x00ff00ffu) << 8) | ((value >> 8) & 0x00ff00ffu);

    /// <summary>EXT: the decoder gives the field's position (<c>DecodedInst.Rd</c>) and its mask (<c>Imm</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ext(uint rs, int pos, uint mask) => (rs >> pos) & mask;

    /// <summary>INS: the field's position and its mask already shifted into place (<c>Imm</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Ins(uint rt, uint rs, int pos, uint mask) => (rt & ~mask) | ((rs << pos) & mask);
}
