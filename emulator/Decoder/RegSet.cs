namespace Emu.Emulator.Decoder;

/// <summary>
/// Registers an instruction reads or writes, named by the encoding field that holds the GPR number (rs, rt, rd)
/// or implicitly (r31 for the link of JAL/BGEZAL..., HI and LO). A field reference, not a register number: the
/// number comes from the word (<see cref="InstInfo.GprMask"/> turns it into a bit mask for a decoded instruction).
/// FPU registers are not tracked here (the FPU rows say which GPRs they move to or from).
/// </summary>
[Flags]
public enum RegSet : byte
{
    None = 0,
    /// <summary>The GPR named by bits 25:21 (also the base of loads/stores, COP1X's base, MADD.fmt's fr is an FPR and not here).</summary>
    Rs = 1 << 0,
    /// <summary>The GPR named by bits 20:16.</summary>
    Rt = 1 << 1,
    /// <summary>The GPR named by bits 15:11.</summary>
    Rd = 1 << 2,
    /// <summary>GPR 31, implicitly (the link register of JAL, BLTZAL, BGEZAL and their likely forms).</summary>
    R31 = 1 << 3,
    Hi = 1 << 4,
    Lo = 1 << 5,
}
