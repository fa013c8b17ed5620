namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// FCSR (FP control register 31) fields and its FCCR/FEXR/FENR views (MIPS32 Vol I §6.7.4-6.7.7; the
/// masks and the CFC1/CTC1 arithmetic are QEMU 7.2's helper_cfc1/helper_ctc1).
/// Layout: RM 1:0, Flags 6:2, Enables 11:7, Cause 17:12, FCC0 23, FS 24, FCC7..1 31:25.
/// </summary>
public static class Fcsr
{
    public const int FlagsShift = 2;
    public const int EnablesShift = 7;
    public const int CauseShift = 12;
    public const uint RmMask = 3;
    public const uint CauseMask = 0x3fu << CauseShift;
    public const uint FsBit = 1u << 24;
    /// <summary>FCSR bits software may write on the 24Kf (QEMU fcr31_rw_bitmask 0xFF83FFFF: NAN2008/ABS2008 read-only 0).</summary>
    public const uint WritableMask = 0xff83ffffu;

    /// <summary>FIR of QEMU's 24Kf: F64, L, W, D, S, ProcessorID 0x93 (no PS, no 3D).</summary>
    public const uint FirValue = 0x00739300;

    /// <summary>FP control register numbers for CFC1/CTC1 (Vol I §6.7).</summary>
    public const int Fir = 0, Fccr = 25, Fexr = 26, Fenr = 28, FcsrReg = 31;

    public static RoundingMode Rounding(uint fcsr) => (RoundingMode)(fcsr & RmMask);

    public static bool FlushToZero(uint fcsr) => (fcsr & FsBit) != 0;

    public static uint Enables(uint fcsr) => (fcsr >> EnablesShift) & 0x1f;

    public static uint Cause(uint fcsr) => (fcsr >> CauseShift) & 0x3f;

    /// <summary>Bit of condition code <paramref name="cc"/> (FCC0 at 23, FCC1..7 at 25..31).</summary>
    public static uint CcBit(int cc) => cc == 0 ? 1u << 23 : 1u << (24 + cc);

    public static bool Cc(uint fcsr, int cc) => (fcsr & CcBit(cc)) != 0;

    public static uint SetCc(uint fcsr, int cc, bool value) => value ? fcsr | CcBit(cc) : fcsr & ~CcBit(cc);

    /// <summary>CFC1 view of control register <paramref name="fs"/>; other numbers read FCSR, as QEMU does.</summary>
    public static uint Read(uint fcsr, int fs) => fs switch
    {
        Fir => FirValue,
        // UFR (1) and FRE (5) exist only with FIR.UFRP/FREP, which the 24Kf lacks: helper_cfc1 then returns 0.
        1 or 5 => 0,
        Fccr => ((fcsr >> 24) & 0xfe) | ((fcsr >> 23) & 0x1),
        Fexr => fcsr & 0x0003f07c,
        Fenr => (fcsr & 0x00000f83) | ((fcsr >> 22) & 0x4),
        _ => fcsr,
    };

    /// <summary>
    /// CTC1 to control register <paramref name="fs"/>: the new FCSR, or the old one when the write is ignored
    /// (non-zero reserved bits in FCCR/FEXR/FENR, FIR or an unassigned number, as helper_ctc1).
    /// </summary>
    public static uint Write(uint fcsr, int fs, uint value) => fs switch
    {
        Fccr => (value & 0xffffff00) != 0 ? fcsr : (fcsr & 0x017fffff) | ((value & 0xfe) << 24) | ((value & 0x1) << 23),
        Fexr => (value & 0x007c0000) != 0 ? fcsr : (fcsr & 0xfffc0f83) | (value & 0x0003f07c),
        Fenr => (value & 0x007c0000) != 0 ? fcsr : (fcsr & 0xfefff07c) | (value & 0x00000f83) | ((value & 0x4) << 22),
        FcsrReg => (value & WritableMask) | (fcsr & ~WritableMask),
        _ => fcsr,
    };
}
