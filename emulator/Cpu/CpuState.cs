using System.Runtime.InteropServices;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Architectural integer state of one vCPU: plain data in native memory so the interpreter reaches
/// registers through a pointer without bounds checks. Owned by the vCPU thread; others read it only
/// while the vCPU is stopped.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CpuState
{
    /// <summary>GPR 0..31 (GPR 0 is rewritten to zero after every instruction).</summary>
    public fixed uint Gpr[32];
    public uint Hi;
    public uint Lo;
    /// <summary>Address of the next instruction to execute.</summary>
    public uint Pc;
    /// <summary>Address of the instruction after it (differs from Pc+4 when Pc is a delay slot).</summary>
    public uint NextPc;
    /// <summary>The instruction at <see cref="Pc"/> is in a branch delay slot (Cause.BD on exceptions).</summary>
    public byte InDelaySlot;
    /// <summary>LLbit (MIPS32 Vol II LL/SC): set by LL, cleared by SC and ERET.</summary>
    public byte LlBit;
}
