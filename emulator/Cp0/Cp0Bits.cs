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

    public const uint CauseExcCodeMask = 0x1fu << 2;
    public const uint CauseIP = 0xffu << 8;
    public const uint CauseIP7 = 1u << 15;
    public const uint CauseIV = 1u << 23;
    public const uint CauseCEMask = 3u << 28;
    public const uint CauseTI = 1u << 30;
    public const uint CauseBD = 1u << 31;
}
