using System.Runtime.CompilerServices;

// Emu.Emulator.Cpu, not the folder's namespace: see Alu.cs (the JIT calls Div and Divu).
namespace Emu.Emulator.Cpu;

/// <summary>
/// The multiply/divide family (Vol II-A MUL, MULT, MADD, MSUB, DIV and their unsigned forms, MFHI/MFLO/MTHI/MTLO
/// are plain moves in the dispatch): the products and the HI/LO accumulator. The 24K's multiply unit has no hazards
/// an emulator must model (Release 2 interlocks MFHI/MFLO), so every result is in HI/LO at once.
/// </summary>
internal static unsafe class MulDiv
{
    /// <summary>MUL (Release 1): the low word of the signed product to rd; HI/LO are UNPREDICTABLE after it, Emu keeps them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Mul(uint rs, uint rt) => (uint)((int)rs * (int)rt);

    /// <summary>MULT: the signed 64-bit product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Product(uint rs, uint rt) => (ulong)((long)(int)rs * (int)rt);

    /// <summary>MULTU: the unsigned 64-bit product.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ProductU(uint rs, uint rt) => (ulong)rs * rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Mult(CpuState* s, uint rs, uint rt) => SetHiLo(s, Product(rs, rt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Multu(CpuState* s, uint rs, uint rt) => SetHiLo(s, ProductU(rs, rt));

    /// <summary>MADD: HI:LO += the signed product (modulo 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Madd(CpuState* s, uint rs, uint rt) => SetHiLo(s, HiLo(s) + Product(rs, rt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Maddu(CpuState* s, uint rs, uint rt) => SetHiLo(s, HiLo(s) + ProductU(rs, rt));

    /// <summary>MSUB: HI:LO -= the signed product (modulo 2^64).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Msub(CpuState* s, uint rs, uint rt) => SetHiLo(s, HiLo(s) - Product(rs, rt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Msubu(CpuState* s, uint rs, uint rt) => SetHiLo(s, HiLo(s) - ProductU(rs, rt));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong HiLo(CpuState* s) => ((ulong)s->Hi << 32) | s->Lo;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SetHiLo(CpuState* s, ulong value)
    {
        s->Hi = (uint)(value >> 32);
        s->Lo = (uint)value;
    }

    /// <summary>
    /// DIV: LO = quotient, HI = remainder, truncating toward zero. Division by zero and
    /// INT_MIN / -1 give UNPREDICTABLE results without an exception; Emu returns what QEMU's TCG
    /// returns (it divides by 1 instead: LO = dividend, HI = 0) so differential tests agree.
    /// </summary>
    public static void Div(CpuState* s, uint rs, uint rt)
    {
        var a = (int)rs;
        var b = (int)rt;
        if (b == 0 || (a == int.MinValue && b == -1))
        {
            s->Lo = rs;
            s->Hi = 0;
            return;
        }
        s->Lo = (uint)(a / b);
        s->Hi = (uint)(a % b);
    }

    /// <summary>DIVU; division by zero as in <see cref="Div"/> (LO = dividend, HI = 0).</summary>
    public static void Divu(CpuState* s, uint rs, uint rt)
    {
        if (rt == 0)
        {
            s->Lo = rs;
            s->Hi = 0;
            return;
        }
        s->Lo = rs / rt;
        s->Hi = rs % rt;
    }
}
