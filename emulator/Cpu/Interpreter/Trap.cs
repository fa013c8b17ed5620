using System.Runtime.CompilerServices;

// Emu.Emulator.Cpu, not the folder's namespace: see Alu.cs.
namespace Emu.Emulator.Cpu;

/// <summary>
/// The trap family's semantics (MIPS32 Vol II-A TEQ .. TLTIU, SYSCALL, BREAK): the conditional traps' conditions
/// (rs against rt, or against the sign-extended immediate; TGEIU/TLTIU compare that immediate unsigned) and the
/// exception each instruction raises. The dispatch (Mips32Cpu.Execute.cs) raises it through
/// <see cref="ExceptionDispatcher"/> with the PC of the trapping instruction, as every precise exception.
/// </summary>
internal static class Trap
{
    /// <summary>TEQ..TLTIU raise Trap; SYSCALL raises Sys, BREAK raises Bp, unconditionally.</summary>
    public const ExcCode Conditional = ExcCode.Tr;

    public const ExcCode Syscall = ExcCode.Sys;

    public const ExcCode Break = ExcCode.Bp;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Eq(uint rs, uint rt) => rs == rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ne(uint rs, uint rt) => rs != rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ge(uint rs, uint rt) => (int)rs >= (int)rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Geu(uint rs, uint rt) => rs >= rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Lt(uint rs, uint rt) => (int)rs < (int)rt;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Ltu(uint rs, uint rt) => rs < rt;
}
