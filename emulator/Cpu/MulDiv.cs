using System.Runtime.CompilerServices;

namespace Emu.Emulator.Cpu;

/// <summary>HI/LO arithmetic (Vol II-A MULT, MADD, MSUB, DIV, DIVU and their unsigned forms).</summary>
internal static unsafe class MulDiv
{
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
