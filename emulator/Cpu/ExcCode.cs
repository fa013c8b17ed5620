namespace Emu.Emulator.Cpu;

/// <summary>Cause.ExcCode values (MIPS32 PRA Table 9.31 "Cause Register ExcCode Field").</summary>
public enum ExcCode : byte
{
    Int = 0,
    Mod = 1,
    TlbL = 2,
    TlbS = 3,
    AdEL = 4,
    AdES = 5,
    Ibe = 6,
    Dbe = 7,
    Sys = 8,
    Bp = 9,
    RI = 10,
    CpU = 11,
    Ov = 12,
    Tr = 13,
    /// <summary>Floating-point exception (an enabled IEEE exception or Cause.E; FCSR.Cause says which).</summary>
    Fpe = 15,
}
