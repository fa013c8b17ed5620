namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// IEEE exception flags in the order of the FCSR Flags/Enables/Cause fields (MIPS32 Vol I §6.7.4:
/// I, U, O, Z, V from the least significant bit; Cause has E above V).
/// </summary>
[Flags]
public enum FpFlags : uint
{
    None = 0,
    Inexact = 1 << 0,
    Underflow = 1 << 1,
    Overflow = 1 << 2,
    DivideByZero = 1 << 3,
    Invalid = 1 << 4,
    /// <summary>Unimplemented operation: Cause only, always enabled.</summary>
    Unimplemented = 1 << 5,
}

/// <summary>FCSR.RM (MIPS32 Vol I Table 6.5): 0 RN, 1 RZ, 2 RP, 3 RM.</summary>
public enum RoundingMode : byte
{
    Nearest = 0,
    TowardZero = 1,
    TowardPlusInfinity = 2,
    TowardMinusInfinity = 3,
}
