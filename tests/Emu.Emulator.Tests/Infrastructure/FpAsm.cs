namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>CP1/COP1X encodings for tests (MIPS32 Vol II-A; fmt S = 16, D = 17, W = 20, L = 21).</summary>
public static class FpAsm
{
    public const int S = 16, D = 17, W = 20, L = 21;

    public static uint Cop1(int fmt, int ft, int fs, int fd, uint funct) =>
        (0x11u << 26) | ((uint)fmt << 21) | ((uint)ft << 16) | ((uint)fs << 11) | ((uint)fd << 6) | funct;

    public static uint Cop1x(int rs, int rt, int fs, int fd, uint funct) =>
        (0x13u << 26) | ((uint)rs << 21) | ((uint)rt << 16) | ((uint)fs << 11) | ((uint)fd << 6) | funct;

    public static uint Move(int sub, int rt, int fs) => (0x11u << 26) | ((uint)sub << 21) | ((uint)rt << 16) | ((uint)fs << 11);

    public static uint Mfc1(int rt, int fs) => Move(0, rt, fs);
    public static uint Cfc1(int rt, int fs) => Move(2, rt, fs);
    public static uint Mfhc1(int rt, int fs) => Move(3, rt, fs);
    public static uint Mtc1(int rt, int fs) => Move(4, rt, fs);
    public static uint Ctc1(int rt, int fs) => Move(6, rt, fs);
    public static uint Mthc1(int rt, int fs) => Move(7, rt, fs);

    /// <summary>BC1F/BC1T/BC1FL/BC1TL cc, offset (in instructions).</summary>
    public static uint Bc1(int cc, bool likely, bool tf, int offset) =>
        (0x11u << 26) | (8u << 21) | ((uint)cc << 18) | (likely ? 2u << 16 : 0) | (tf ? 1u << 16 : 0) | ((uint)offset & 0xffff);

    public static uint Lwc1(int ft, int rs, int off) => Asm.I(0x31, rs, ft, off);
    public static uint Ldc1(int ft, int rs, int off) => Asm.I(0x35, rs, ft, off);
    public static uint Swc1(int ft, int rs, int off) => Asm.I(0x39, rs, ft, off);
    public static uint Sdc1(int ft, int rs, int off) => Asm.I(0x3d, rs, ft, off);

    public static uint Add(int fmt, int fd, int fs, int ft) => Cop1(fmt, ft, fs, fd, 0);
    public static uint Sub(int fmt, int fd, int fs, int ft) => Cop1(fmt, ft, fs, fd, 1);
    public static uint Mul(int fmt, int fd, int fs, int ft) => Cop1(fmt, ft, fs, fd, 2);
    public static uint Div(int fmt, int fd, int fs, int ft) => Cop1(fmt, ft, fs, fd, 3);
    public static uint Sqrt(int fmt, int fd, int fs) => Cop1(fmt, 0, fs, fd, 4);
    public static uint CvtD(int fmt, int fd, int fs) => Cop1(fmt, 0, fs, fd, 0x21);
    public static uint CvtS(int fmt, int fd, int fs) => Cop1(fmt, 0, fs, fd, 0x20);
    public static uint CvtW(int fmt, int fd, int fs) => Cop1(fmt, 0, fs, fd, 0x24);

    /// <summary>C.cond.fmt fs, ft with condition code cc.</summary>
    public static uint C(int fmt, int cond, int cc, int fs, int ft) => Cop1(fmt, ft, fs, cc << 2, 0x30u | (uint)cond);

    /// <summary>MADD/MSUB/NMADD/NMSUB.fmt fd, fr, fs, ft (op 4..7, fmt3 0 = S, 1 = D).</summary>
    public static uint MaddFamily(int op, int fmt3, int fd, int fr, int fs, int ft) => Cop1x(fr, ft, fs, fd, (uint)((op << 3) | fmt3));
}
