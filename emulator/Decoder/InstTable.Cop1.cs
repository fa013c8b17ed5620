using static Emu.Emulator.Decoder.OperandFormat;

namespace Emu.Emulator.Decoder;

/// <summary>
/// COP1 / COP1X: the 24Kf FPU (MIPS32 Vol II-A Table A.11-A.20; semantics in emulator/Cpu/Fpu). FPRs are not in
/// the register columns (only the GPRs an FPU instruction moves or addresses with). CpU: Status.CU1 = 0 or no FPU
/// (24Kc); RI: a format or register the FPU refuses (an odd double register with Status.FR = 0, as QEMU's
/// check_cp1_registers; the 64-bit forms without FR = 1); Fpe: an enabled IEEE condition or an unimplemented operation.
/// </summary>
public static partial class InstTable
{
#pragma warning disable IDE0055 // keep the table aligned like the manual's opcode maps
    // A method, not a field: static field initialisers of a partial class run in an unspecified order across files.
    private static InstEncoding[] Cop1Rows() =>
    [
        // COP1: op(31:26) fmt(25:21) ft(20:16) fs(15:11) fd(10:6) funct(5:0); R format puts fd in Imm.
        // Columns as in InstTable.cs: pattern, name, syntax, decode, reads, writes, memory, may raise, flags.
        new("010001 00000 ..... ..... 00000 000000", InstName.Mfc1,    "mfc1 rt, fs",              R,         0,                 Rt,      0,              CpU,                         Fp),
        new("010001 00010 ..... ..... 00000 000000", InstName.Cfc1,    "cfc1 rt, fcr",             R,         0,                 Rt,      0,              CpU,                         Fp),
        new("010001 00011 ..... ..... 00000 000000", InstName.Mfhc1,   "mfhc1 rt, fs",             R,         0,                 Rt,      0,              CpU,                         Fp),
        new("010001 00100 ..... ..... 00000 000000", InstName.Mtc1,    "mtc1 rt, fs",              R,         Rt,                0,       0,              CpU,                         Fp),
        new("010001 00110 ..... ..... 00000 000000", InstName.Ctc1,    "ctc1 rt, fcr",             R,         Rt,                0,       0,              CpU | Fpe,                   Fp),
        new("010001 00111 ..... ..... 00000 000000", InstName.Mthc1,   "mthc1 rt, fs",             R,         Rt,                0,       0,              CpU,                         Fp),
        // BC1F/BC1T(L): rt = cc(3) nd tf.
        new("010001 01000 ...00 ................", InstName.Bc1f,    "bc1f cc@rt?, branch",      Branch,    0,                 0,       0,              CpU,                         B | Fp),
        new("010001 01000 ...01 ................", InstName.Bc1t,    "bc1t cc@rt?, branch",      Branch,    0,                 0,       0,              CpU,                         B | Fp),
        new("010001 01000 ...10 ................", InstName.Bc1fl,   "bc1fl cc@rt?, branch",     Branch,    0,                 0,       0,              CpU,                         BL | Fp),
        new("010001 01000 ...11 ................", InstName.Bc1tl,   "bc1tl cc@rt?, branch",     Branch,    0,                 0,       0,              CpU,                         BL | Fp),
        // fmt = S
        new("010001 10000 ..... ..... ..... 000000", InstName.AddS,    "add.s fd, fs, ft",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 ..... ..... ..... 000001", InstName.SubS,    "sub.s fd, fs, ft",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 ..... ..... ..... 000010", InstName.MulS,    "mul.s fd, fs, ft",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 ..... ..... ..... 000011", InstName.DivS,    "div.s fd, fs, ft",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 000100", InstName.SqrtS,   "sqrt.s fd, fs",            R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 000101", InstName.AbsS,    "abs.s fd, fs",             R,         0,                 0,       0,              CpU,                         Fp),
        new("010001 10000 00000 ..... ..... 000110", InstName.MovS,    "mov.s fd, fs",             R,         0,                 0,       0,              CpU,                         Fp),
        new("010001 10000 00000 ..... ..... 000111", InstName.NegS,    "neg.s fd, fs",             R,         0,                 0,       0,              CpU,                         Fp),
        new("010001 10000 00000 ..... ..... 001000", InstName.RoundLS, "round.l.s fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 00000 ..... ..... 001001", InstName.TruncLS, "trunc.l.s fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 00000 ..... ..... 001010", InstName.CeilLS,  "ceil.l.s fd, fs",          R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 00000 ..... ..... 001011", InstName.FloorLS, "floor.l.s fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 00000 ..... ..... 001100", InstName.RoundWS, "round.w.s fd, fs",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 001101", InstName.TruncWS, "trunc.w.s fd, fs",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 001110", InstName.CeilWS,  "ceil.w.s fd, fs",          R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 001111", InstName.FloorWS, "floor.w.s fd, fs",         R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 010101", InstName.RecipS,  "recip.s fd, fs",           R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 010110", InstName.RsqrtS,  "rsqrt.s fd, fs",           R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 ...0. ..... ..... 010001", InstName.MovcfS,  "mov%tf.s fd, fs, cc@rt",   R,         0,                 0,       0,              CpU,                         Fp),
        new("010001 10000 ..... ..... ..... 010010", InstName.MovzS,   "movz.s fd, fs, rt",        R,         Rt,                0,       0,              CpU,                         Fp),
        new("010001 10000 ..... ..... ..... 010011", InstName.MovnS,   "movn.s fd, fs, rt",        R,         Rt,                0,       0,              CpU,                         Fp),
        new("010001 10000 00000 ..... ..... 100001", InstName.CvtDS,   "cvt.d.s fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 00000 ..... ..... 100100", InstName.CvtWS,   "cvt.w.s fd, fs",           R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10000 00000 ..... ..... 100101", InstName.CvtLS,   "cvt.l.s fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10000 ..... ..... ...00 11....", InstName.CCondS,  "c.%cond.s cc@sa?, fs, ft", FpCompare, 0,                 0,       0,              CpU | Fpe,                   Fp),
        // fmt = D
        new("010001 10001 ..... ..... ..... 000000", InstName.AddD,    "add.d fd, fs, ft",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 ..... ..... ..... 000001", InstName.SubD,    "sub.d fd, fs, ft",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 ..... ..... ..... 000010", InstName.MulD,    "mul.d fd, fs, ft",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 ..... ..... ..... 000011", InstName.DivD,    "div.d fd, fs, ft",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 000100", InstName.SqrtD,   "sqrt.d fd, fs",            R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 000101", InstName.AbsD,    "abs.d fd, fs",             R,         0,                 0,       0,              CpU | RI,                    Fp),
        new("010001 10001 00000 ..... ..... 000110", InstName.MovD,    "mov.d fd, fs",             R,         0,                 0,       0,              CpU | RI,                    Fp),
        new("010001 10001 00000 ..... ..... 000111", InstName.NegD,    "neg.d fd, fs",             R,         0,                 0,       0,              CpU | RI,                    Fp),
        new("010001 10001 00000 ..... ..... 001000", InstName.RoundLD, "round.l.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001001", InstName.TruncLD, "trunc.l.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001010", InstName.CeilLD,  "ceil.l.d fd, fs",          R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001011", InstName.FloorLD, "floor.l.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001100", InstName.RoundWD, "round.w.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001101", InstName.TruncWD, "trunc.w.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001110", InstName.CeilWD,  "ceil.w.d fd, fs",          R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 001111", InstName.FloorWD, "floor.w.d fd, fs",         R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 010101", InstName.RecipD,  "recip.d fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 010110", InstName.RsqrtD,  "rsqrt.d fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 ...0. ..... ..... 010001", InstName.MovcfD,  "mov%tf.d fd, fs, cc@rt",   R,         0,                 0,       0,              CpU,                         Fp),
        new("010001 10001 ..... ..... ..... 010010", InstName.MovzD,   "movz.d fd, fs, rt",        R,         Rt,                0,       0,              CpU,                         Fp),
        new("010001 10001 ..... ..... ..... 010011", InstName.MovnD,   "movn.d fd, fs, rt",        R,         Rt,                0,       0,              CpU,                         Fp),
        new("010001 10001 00000 ..... ..... 100000", InstName.CvtSD,   "cvt.s.d fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 100100", InstName.CvtWD,   "cvt.w.d fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 00000 ..... ..... 100101", InstName.CvtLD,   "cvt.l.d fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10001 ..... ..... ...00 11....", InstName.CCondD,  "c.%cond.d cc@sa?, fs, ft", FpCompare, 0,                 0,       0,              CpU | RI | Fpe,              Fp),
        // fmt = W, L
        new("010001 10100 00000 ..... ..... 100000", InstName.CvtSW,   "cvt.s.w fd, fs",           R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010001 10100 00000 ..... ..... 100001", InstName.CvtDW,   "cvt.d.w fd, fs",           R,         0,                 0,       0,              CpU | RI,                    Fp),
        new("010001 10101 00000 ..... ..... 100000", InstName.CvtSL,   "cvt.s.l fd, fs",           R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010001 10101 00000 ..... ..... 100001", InstName.CvtDL,   "cvt.d.l fd, fs",           R,         0,                 0,       0,              CpU | RI,                    Fp),
        // COP1X: base(25:21) index(20:16) fs(15:11) fd(10:6); MADD family: fr(25:21) ft fs fd op4 fmt3.
        new("010011 ..... ..... 00000 ..... 000000", InstName.Lwxc1,   "lwxc1 fd, rt(rs)",         R,         Rs | Rt,           0,       L4,             LoadFaults | CpU,            Fp),
        new("010011 ..... ..... 00000 ..... 000001", InstName.Ldxc1,   "ldxc1 fd, rt(rs)",         R,         Rs | Rt,           0,       L8,             LoadFaults | CpU | RI,       Fp),
        new("010011 ..... ..... 00000 ..... 000101", InstName.Luxc1,   "luxc1 fd, rt(rs)",         R,         Rs | Rt,           0,       L8 | Unaligned, LoadFaults | CpU | RI,       Fp),
        new("010011 ..... ..... ..... 00000 001000", InstName.Swxc1,   "swxc1 fs, rt(rs)",         R,         Rs | Rt,           0,       S4,             StoreFaults | CpU,           Fp),
        new("010011 ..... ..... ..... 00000 001001", InstName.Sdxc1,   "sdxc1 fs, rt(rs)",         R,         Rs | Rt,           0,       S8,             StoreFaults | CpU | RI,      Fp),
        new("010011 ..... ..... ..... 00000 001101", InstName.Suxc1,   "suxc1 fs, rt(rs)",         R,         Rs | Rt,           0,       S8 | Unaligned, StoreFaults | CpU | RI,      Fp),
        new("010011 ..... ..... ..... 00000 001111", InstName.Prefx,   "prefx op@rd, rt(rs)",      R,         Rs | Rt,           0,       0,              CpU,                         Fp),
        new("010011 ..... ..... ..... ..... 100000", InstName.MaddS,   "madd.s fd, fr, fs, ft",    R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010011 ..... ..... ..... ..... 100001", InstName.MaddD,   "madd.d fd, fr, fs, ft",    R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010011 ..... ..... ..... ..... 101000", InstName.MsubS,   "msub.s fd, fr, fs, ft",    R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010011 ..... ..... ..... ..... 101001", InstName.MsubD,   "msub.d fd, fr, fs, ft",    R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010011 ..... ..... ..... ..... 110000", InstName.NmaddS,  "nmadd.s fd, fr, fs, ft",   R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010011 ..... ..... ..... ..... 110001", InstName.NmaddD,  "nmadd.d fd, fr, fs, ft",   R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
        new("010011 ..... ..... ..... ..... 111000", InstName.NmsubS,  "nmsub.s fd, fr, fs, ft",   R,         0,                 0,       0,              CpU | Fpe,                   Fp),
        new("010011 ..... ..... ..... ..... 111001", InstName.NmsubD,  "nmsub.d fd, fr, fs, ft",   R,         0,                 0,       0,              CpU | RI | Fpe,              Fp),
    ];
#pragma warning restore IDE0055
}
