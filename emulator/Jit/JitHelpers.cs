using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// Out-of-line pieces of translated code (called from IL, inlined by RyuJIT where it can). Each mirrors the
/// interpreter's arithmetic exactly (<see cref="MulDiv"/>).
/// </summary>
internal static unsafe class JitHelpers
{
    /// <summary>DIV as <see cref="MulDiv.Div"/>: HI:LO packed in one value (HI in the upper word).</summary>
    public static ulong Div(uint rs, uint rt)
    {
        var s = default(CpuState);
        MulDiv.Div(&s, rs, rt);
        return ((ulong)s.Hi << 32) | s.Lo;
    }

    /// <summary>DIVU as <see cref="MulDiv.Divu"/>: HI:LO packed in one value.</summary>
    public static ulong Divu(uint rs, uint rt)
    {
        var s = default(CpuState);
        MulDiv.Divu(&s, rs, rt);
        return ((ulong)s.Hi << 32) | s.Lo;
    }
}
