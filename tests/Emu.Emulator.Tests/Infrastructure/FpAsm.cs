using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;

namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// CP1/COP1X words for tests, from InstTable's rows (<see cref="InstEncoder"/>); fmt S = 16, D = 17, W = 20, L = 21
/// (MIPS32 Vol II-A). <see cref="Cop1"/> and <see cref="Cop1x"/> place raw fields under the table's COP1/COP1X major
/// opcode, for generators that sweep function codes (including unassigned ones) on purpose.
/// </summary>
public static class FpAsm
{
    public const int S = 16, D = 17, W = 20, L = 21;

    private static readonly Operand s_fmt = Operand.Parse("fr"); // bits 25:21: fmt in COP1, fr/base in COP1X
    private static readonly Operand s_ft = Operand.Parse("ft"), s_fs = Operand.Parse("fs"), s_fd = Operand.Parse("fd");

    private static uint E(InstName name, params ReadOnlySpan<long> values) => InstEncoder.Encode(name, values);

    /// <summary>The S-format row's word with another fmt (the function codes of .S, .D, .W, .L coincide).</summary>
    private static uint WithFmt(int fmt, uint sWord) => s_fmt.Set(sWord, (uint)fmt);

    private static uint Fields(InstName major, int rs, int ft, int fs, int fd, uint funct) =>
        s_fd.Set(s_fs.Set(s_ft.Set(s_fmt.Set(InstInfo.Of(major).Row!.Value, (uint)rs), (uint)ft), (uint)fs), (uint)fd) | (funct & 63);

    public static uint Cop1(int fmt, int ft, int fs, int fd, uint funct) => Fields(InstName.Cop1, fmt, ft, fs, fd, funct);

    public static uint Cop1x(int rs, int rt, int fs, int fd, uint funct) => Fields(InstName.Cop1x, rs, rt, fs, fd, funct);

    public static uint Mfc1(int rt, int fs) => E(InstName.Mfc1, rt, fs);
    public static uint Cfc1(int rt, int fs) => E(InstName.Cfc1, rt, fs);
    public static uint Mfhc1(int rt, int fs) => E(InstName.Mfhc1, rt, fs);
    public static uint Mtc1(int rt, int fs) => E(InstName.Mtc1, rt, fs);
    public static uint Ctc1(int rt, int fs) => E(InstName.Ctc1, rt, fs);
    public static uint Mthc1(int rt, int fs) => E(InstName.Mthc1, rt, fs);

    /// <summary>BC1F/BC1T/BC1FL/BC1TL cc, offset (in instructions).</summary>
    public static uint Bc1(int cc, bool likely, bool tf, int offset) =>
        E((likely, tf) switch
        {
            (false, false) => InstName.Bc1f,
            (false, true) => InstName.Bc1t,
            (true, false) => InstName.Bc1fl,
            (true, true) => InstName.Bc1tl,
        }, cc, offset);

    public static uint Lwc1(int ft, int rs, int off) => E(InstName.Lwc1, ft, off, rs);
    public static uint Ldc1(int ft, int rs, int off) => E(InstName.Ldc1, ft, off, rs);
    public static uint Swc1(int ft, int rs, int off) => E(InstName.Swc1, ft, off, rs);
    public static uint Sdc1(int ft, int rs, int off) => E(InstName.Sdc1, ft, off, rs);

    public static uint Add(int fmt, int fd, int fs, int ft) => WithFmt(fmt, E(InstName.AddS, fd, fs, ft));
    public static uint Sub(int fmt, int fd, int fs, int ft) => WithFmt(fmt, E(InstName.SubS, fd, fs, ft));
    public static uint Mul(int fmt, int fd, int fs, int ft) => WithFmt(fmt, E(InstName.MulS, fd, fs, ft));
    public static uint Div(int fmt, int fd, int fs, int ft) => WithFmt(fmt, E(InstName.DivS, fd, fs, ft));
    public static uint Sqrt(int fmt, int fd, int fs) => WithFmt(fmt, E(InstName.SqrtS, fd, fs));
    public static uint CvtD(int fmt, int fd, int fs) => WithFmt(fmt, E(InstName.CvtDS, fd, fs));
    public static uint CvtS(int fmt, int fd, int fs) => WithFmt(fmt, E(InstName.CvtSD, fd, fs));
    public static uint CvtW(int fmt, int fd, int fs) => WithFmt(fmt, E(InstName.CvtWS, fd, fs));

    /// <summary>C.cond.fmt fs, ft with condition code cc (cond 0..15: f, un, eq ... ngt, the row's template).</summary>
    public static uint C(int fmt, int cond, int cc, int fs, int ft) =>
        WithFmt(fmt, E(InstName.CCondS, cc, fs, ft)) | InstSyntax.Of(InstName.CCondS)!.Expansions().ElementAt(cond).Value;

    /// <summary>MADD/MSUB/NMADD/NMSUB.fmt fd, fr, fs, ft (op 4..7, fmt3 0 = S, 1 = D).</summary>
    public static uint MaddFamily(int op, int fmt3, int fd, int fr, int fs, int ft) =>
        E((op, fmt3) switch
        {
            (4, 0) => InstName.MaddS,
            (4, 1) => InstName.MaddD,
            (5, 0) => InstName.MsubS,
            (5, 1) => InstName.MsubD,
            (6, 0) => InstName.NmaddS,
            (6, 1) => InstName.NmaddD,
            (7, 0) => InstName.NmsubS,
            (7, 1) => InstName.NmsubD,
            _ => throw new ArgumentOutOfRangeException(nameof(op), "op 4..7, fmt3 0 or 1"),
        }, fd, fr, fs, ft);
}
