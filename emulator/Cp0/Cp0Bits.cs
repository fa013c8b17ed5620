namespace Emu.Emulator.Cp0;

/// <summary>Named bit positions of Status and Cause (MIPS32 PRA §9.30, §9.31).</summary>
public static class Cp0Bits
{
    public const uint StatusIE = 1u << 0;
    public const uint StatusEXL = 1u << 1;
    public const uint StatusERL = 1u << 2;
    public const uint StatusUM = 1u << 4;
    public const uint StatusIM = 0xffu << 8;
    public const uint StatusBEV = 1u << 22;
    public const uint StatusCU0 = 1u << 28;
    /// <summary>Coprocessor 1 (FPU) usable; writable only when the CPU has an FPU.</summary>
    public const uint StatusCU1 = 1u << 29;
    /// <summary>FPU register mode: 0 = 16 even/odd pairs for doubles, 1 = 32 64-bit registers (MIPS32 Vol I §6.4).</summary>
    public const uint StatusFR = 1u << 26;
    /// <summary>Config1.FP: an FPU is attached (PRA §9.41).</summary>
    public const uint Config1FP = 1u << 0;

    public const uint CauseExcCodeMask = 0x1fu << 2;
    public const uint CauseIP = 0xffu << 8;
    public const uint CauseIP7 = 1u << 15;
    public const uint CauseIV = 1u << 23;
    public const uint CauseCEMask = 3u << 28;
    public const uint CauseTI = 1u << 30;
    public const uint CauseBD = 1u << 31;
}
