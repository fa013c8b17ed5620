using static Emu.Emulator.Decoder.OperandFormat;

namespace Emu.Emulator.Decoder;

/// <summary>
/// Every MIPS32 Release 2 encoding Emu executes, once, with every per-instruction fact Emu keeps about it (MIPS32
/// Architecture Vol II-A rev 6.06, Table A.2-A.20 opcode maps). One row per encoding; the columns are
/// <see cref="InstEncoding"/>'s: the bit pattern, the mnemonic, the assembly syntax with named fields (which the
/// disassembler, the assembler and the test encoders read), how the decoder packs the fields, the GPRs (by field)
/// and HI/LO read and written, the data memory access, the exceptions it may raise, and control-flow/mode flags.
/// Code asks about an instruction through <see cref="InstInfo"/>, never by switching on opcode bits.
/// </summary>
/// <remarks>
/// Fields the manual requires to be zero (or leaves UNPREDICTABLE when not) are decoded as QEMU 7.2 decodes them for
/// the 24Kf of its Malta board: where QEMU ignores such a field the pattern has '.', where it raises RI the pattern
/// has zeros; each row that differs from the manual's must-be-zero layout says so. tools/guest/decode executes
/// every value of each such field on Emu and on QEMU, and the guest-program tests require identical output.
/// The facts describe what Emu does, and tests/Emu.Emulator.Tests/Decoder/InstTableBehaviourTests checks each row
/// against the interpreter: GPRs and HI/LO outside the row's columns never change, registers outside its reads never
/// matter, exceptions outside its list never happen, memory outside its access is never touched.
/// </remarks>
public static partial class InstTable
{
    // Column shorthands, so a row reads as one line (the types say what each column means).
    private const RegSet Rs = RegSet.Rs, Rt = RegSet.Rt, Rd = RegSet.Rd, R31 = RegSet.R31, Hi = RegSet.Hi, Lo = RegSet.Lo;
    private const MemAccess L1 = MemAccess.L1, L1s = MemAccess.L1s, L2 = MemAccess.L2, L2s = MemAccess.L2s, L4 = MemAccess.L4,
        L8 = MemAccess.L8, S1 = MemAccess.S1, S2 = MemAccess.S2, S4 = MemAccess.S4, S8 = MemAccess.S8,
        Left = MemAccess.Left, Right = MemAccess.Right, Linked = MemAccess.Linked, Unaligned = MemAccess.Unaligned;
    private const MayRaise LoadFaults = MayRaise.LoadFaults, StoreFaults = MayRaise.StoreFaults, TlbL = MayRaise.TlbL,
        TlbS = MayRaise.TlbS, Mod = MayRaise.Mod, Dbe = MayRaise.Dbe, Sys = MayRaise.Sys, Bp = MayRaise.Bp, RI = MayRaise.RI,
        CpU = MayRaise.CpU, Ov = MayRaise.Ov, Tr = MayRaise.Tr, Fpe = MayRaise.Fpe;
    private const InstFlags B = InstFlags.Branch | InstFlags.DelaySlot | InstFlags.EndsBlock;
    private const InstFlags BL = B | InstFlags.Likely;
    private const InstFlags Jmp = InstFlags.Jump | InstFlags.DelaySlot | InstFlags.EndsBlock;
    private const InstFlags Priv = InstFlags.Privileged;
    private const InstFlags End = InstFlags.EndsBatch | InstFlags.EndsBlock;
    private const InstFlags Blk = InstFlags.EndsBlock;
    private const InstFlags Lnk = InstFlags.Link;
    private const InstFlags Fp = InstFlags.Fpu;
    private const InstFlags Cond = InstFlags.ConditionalWrite;
    private const InstFlags Fallback = InstFlags.Fallback;

#pragma warning disable IDE0055 // keep the table aligned like the manual's opcode maps
    private static readonly InstEncoding[] s_integerRows =
    [
        // fields: op(31:26) rs(25:21) rt(20:16) rd(15:11) sa(10:6) funct(5:0); reads/writes: GPR fields, HI, LO
        //  pattern                                  name              syntax (objdump)            decode     reads              writes   memory          may raise                    flags
        new("000000 ..... ..... ..... ..... 000000", InstName.Sll,     "sll rd, rt, sa",           R,         Rt,                Rd,      0,              0,                           0), // rs ignored (QEMU)
        new("000000 00000 ..... ..... ..... 000010", InstName.Srl,     "srl rd, rt, sa",           R,         Rt,                Rd,      0,              0,                           0),
        new("000000 00001 ..... ..... ..... 000010", InstName.Rotr,    "ror rd, rt, sa",           R,         Rt,                Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 000011", InstName.Sra,     "sra rd, rt, sa",           R,         Rt,                Rd,      0,              0,                           0), // rs ignored (QEMU)
        new("000000 ..... ..... ..... ..... 000100", InstName.Sllv,    "sllv rd, rt, rs",          R,         Rs | Rt,           Rd,      0,              0,                           0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... 00000 000110", InstName.Srlv,    "srlv rd, rt, rs",          R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... 00001 000110", InstName.Rotrv,   "rorv rd, rt, rs",          R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 000111", InstName.Srav,    "srav rd, rt, rs",          R,         Rs | Rt,           Rd,      0,              0,                           0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... 0.... 001000", InstName.Jr,      "jr rs",                    R,         Rs,                0,       0,              0,                           Jmp), // rt, rd, hint ignored (QEMU):
        new("000000 ..... ..... ..... 1.... 001000", InstName.JrHb,    "jr.hb rs",                 R,         Rs,                0,       0,              0,                           Jmp), // every hint runs as JR
        new("000000 ..... ..... ..... 00000 001001", InstName.Jalr,    "jalr rd, rs",              R,         Rs,                Rd,      0,              0,                           Jmp | Lnk), // rt ignored; hint 0 or
        new("000000 ..... ..... ..... 10000 001001", InstName.JalrHb,  "jalr.hb rd, rs",           R,         Rs,                Rd,      0,              0,                           Jmp | Lnk), // 16 (.HB), else RI
        new("000000 ..... ..... ..... ..... 001010", InstName.Movz,    "movz rd, rs, rt",          R,         Rs | Rt,           Rd,      0,              0,                           Cond), // sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 001011", InstName.Movn,    "movn rd, rs, rt",          R,         Rs | Rt,           Rd,      0,              0,                           Cond), // sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 001100", InstName.Syscall, "syscall code20",           None,      0,                 0,       0,              Sys,                         Blk),
        new("000000 ..... ..... ..... ..... 001101", InstName.Break,   "break bcode",              None,      0,                 0,       0,              Bp,                          Blk),
        new("000000 ..... ..... ..... ..... 001111", InstName.Sync,    "sync stype",               R,         0,                 0,       0,              0,                           0), // rs, rt, rd ignored (QEMU)
        new("000000 ...00 ..... ..... ..... 010000", InstName.Mfhi,    "mfhi rd",                  R,         Hi,                Rd,      0,              0,                           0), // rs[1:0] is a DSP
        new("000000 ..... ..... ...00 ..... 010001", InstName.Mthi,    "mthi rs",                  R,         Rs,                Hi,      0,              0,                           0), // accumulator: RI without
        new("000000 ...00 ..... ..... ..... 010010", InstName.Mflo,    "mflo rd",                  R,         Lo,                Rd,      0,              0,                           0), // the DSP ASE; the rest
        new("000000 ..... ..... ...00 ..... 010011", InstName.Mtlo,    "mtlo rs",                  R,         Rs,                Lo,      0,              0,                           0), // of the fields ignored
        new("000000 ..... ..... ...00 ..... 011000", InstName.Mult,    "mult rs, rt",              R,         Rs | Rt,           Hi | Lo, 0,              0,                           0), // rd[1:0]: DSP accumulator
        new("000000 ..... ..... ...00 ..... 011001", InstName.Multu,   "multu rs, rt",             R,         Rs | Rt,           Hi | Lo, 0,              0,                           0), // (RI); sa ignored
        new("000000 ..... ..... ..... ..... 011010", InstName.Div,     "div zero, rs, rt",         R,         Rs | Rt,           Hi | Lo, 0,              0,                           0), // rd, sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 011011", InstName.Divu,    "divu zero, rs, rt",        R,         Rs | Rt,           Hi | Lo, 0,              0,                           0), // rd, sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 100000", InstName.Add,     "add rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              Ov,                          0),
        new("000000 ..... ..... ..... ..... 100001", InstName.Addu,    "addu rd, rs, rt",          R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 100010", InstName.Sub,     "sub rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              Ov,                          0),
        new("000000 ..... ..... ..... ..... 100011", InstName.Subu,    "subu rd, rs, rt",          R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 100100", InstName.And,     "and rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 100101", InstName.Or,      "or rd, rs, rt",            R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 100110", InstName.Xor,     "xor rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 100111", InstName.Nor,     "nor rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 101010", InstName.Slt,     "slt rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 101011", InstName.Sltu,    "sltu rd, rs, rt",          R,         Rs | Rt,           Rd,      0,              0,                           0),
        new("000000 ..... ..... ..... ..... 110000", InstName.Tge,     "tge rs, rt, tcode",        R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ..... ..... ..... 110001", InstName.Tgeu,    "tgeu rs, rt, tcode",       R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ..... ..... ..... 110010", InstName.Tlt,     "tlt rs, rt, tcode",        R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ..... ..... ..... 110011", InstName.Tltu,    "tltu rs, rt, tcode",       R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ..... ..... ..... 110100", InstName.Teq,     "teq rs, rt, tcode",        R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ..... ..... ..... 110110", InstName.Tne,     "tne rs, rt, tcode",        R,         Rs | Rt,           0,       0,              Tr,                          0),
        new("000000 ..... ...0. ..... 00000 000001", InstName.Movci,   "mov%tf rd, rs, cc@rt",     R,         Rs,                Rd,      0,              CpU,                         Fp | Cond),

        //      op     rs    rt    immediate
        new("000001 ..... 00000 ................", InstName.Bltz,    "bltz rs, branch",          Branch,    Rs,                0,       0,              0,                           B),
        new("000001 ..... 00001 ................", InstName.Bgez,    "bgez rs, branch",          Branch,    Rs,                0,       0,              0,                           B),
        new("000001 ..... 00010 ................", InstName.Bltzl,   "bltzl rs, branch",         Branch,    Rs,                0,       0,              0,                           BL),
        new("000001 ..... 00011 ................", InstName.Bgezl,   "bgezl rs, branch",         Branch,    Rs,                0,       0,              0,                           BL),
        new("000001 ..... 01000 ................", InstName.Tgei,    "tgei rs, simm",            ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 01001 ................", InstName.Tgeiu,   "tgeiu rs, simm",           ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 01010 ................", InstName.Tlti,    "tlti rs, simm",            ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 01011 ................", InstName.Tltiu,   "tltiu rs, simm",           ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 01100 ................", InstName.Teqi,    "teqi rs, simm",            ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 01110 ................", InstName.Tnei,    "tnei rs, simm",            ISigned,   Rs,                0,       0,              Tr,                          0),
        new("000001 ..... 10000 ................", InstName.Bltzal,  "bltzal rs, branch",        Branch,    Rs,                R31,     0,              0,                           B | Lnk),
        new("000001 ..... 10001 ................", InstName.Bgezal,  "bgezal rs, branch",        Branch,    Rs,                R31,     0,              0,                           B | Lnk),
        new("000001 ..... 10010 ................", InstName.Bltzall, "bltzall rs, branch",       Branch,    Rs,                R31,     0,              0,                           BL | Lnk),
        new("000001 ..... 10011 ................", InstName.Bgezall, "bgezall rs, branch",       Branch,    Rs,                R31,     0,              0,                           BL | Lnk),
        new("000001 ..... 11111 ................", InstName.Synci,   "synci simm(rs)",           ISigned,   Rs,                0,       0,              0,                           0),

        new("000010 ..........................", InstName.J,       "j jump",                   Jump,      0,                 0,       0,              0,                           Jmp),
        new("000011 ..........................", InstName.Jal,     "jal jump",                 Jump,      0,                 R31,     0,              0,                           Jmp | Lnk),
        new("000100 ..... ..... ................", InstName.Beq,     "beq rs, rt, branch",       Branch,    Rs | Rt,           0,       0,              0,                           B),
        new("000101 ..... ..... ................", InstName.Bne,     "bne rs, rt, branch",       Branch,    Rs | Rt,           0,       0,              0,                           B),
        new("000110 ..... 00000 ................", InstName.Blez,    "blez rs, branch",          Branch,    Rs,                0,       0,              0,                           B),
        new("000111 ..... 00000 ................", InstName.Bgtz,    "bgtz rs, branch",          Branch,    Rs,                0,       0,              0,                           B),
        new("001000 ..... ..... ................", InstName.Addi,    "addi rt, rs, simm",        ISigned,   Rs,                Rt,      0,              Ov,                          0),
        new("001001 ..... ..... ................", InstName.Addiu,   "addiu rt, rs, simm",       ISigned,   Rs,                Rt,      0,              0,                           0),
        new("001010 ..... ..... ................", InstName.Slti,    "slti rt, rs, simm",        ISigned,   Rs,                Rt,      0,              0,                           0),
        new("001011 ..... ..... ................", InstName.Sltiu,   "sltiu rt, rs, simm",       ISigned,   Rs,                Rt,      0,              0,                           0),
        new("001100 ..... ..... ................", InstName.Andi,    "andi rt, rs, uimm",        IZero,     Rs,                Rt,      0,              0,                           0),
        new("001101 ..... ..... ................", InstName.Ori,     "ori rt, rs, uimm",         IZero,     Rs,                Rt,      0,              0,                           0),
        new("001110 ..... ..... ................", InstName.Xori,    "xori rt, rs, uimm",        IZero,     Rs,                Rt,      0,              0,                           0),
        new("001111 ..... ..... ................", InstName.Lui,     "lui rt, uimm",             IUpper,    0,                 Rt,      0,              0,                           0), // rs ignored (QEMU)

        //      op     rs    rt    rd    sa    funct
        new("010000 00000 ..... ..... ..... ......", InstName.Mfc0,    "mfc0 rt, c0",              Cop0Move,  0,                 Rt,      0,              CpU,                         Priv), // bits 10:3
        new("010000 00100 ..... ..... ..... ......", InstName.Mtc0,    "mtc0 rt, c0",              Cop0Move,  Rt,                0,       0,              CpU,                         Priv | End), // ignored
        new("010000 01010 ..... ..... ..... ......", InstName.Rdpgpr,  "rdpgpr rd, rt",            R,         Rt,                Rd,      0,              CpU,                         Priv), // bits 10:0 ignored
        new("010000 01110 ..... ..... ..... ......", InstName.Wrpgpr,  "wrpgpr rd, rt",            R,         Rt,                Rd,      0,              CpU,                         Priv), // (QEMU)
        new("010000 01011 ..... 01100 00000 000000", InstName.Di,      "di rt?",                   R,         0,                 Rt,      0,              CpU,                         Priv), // masks interrupts: nothing to look at afresh
        new("010000 01011 ..... 01100 00000 100000", InstName.Ei,      "ei rt?",                   R,         0,                 Rt,      0,              CpU,                         Priv | End),
        new("010000 10000 ..... ..... ..... 000001", InstName.Tlbr,    "tlbr",                     None,      0,                 0,       0,              CpU,                         Priv | End), // CO ops: QEMU decodes
        new("010000 10000 ..... ..... ..... 000010", InstName.Tlbwi,   "tlbwi",                    None,      0,                 0,       0,              CpU,                         Priv | End), // rs and the
        new("010000 10000 ..... ..... ..... 000110", InstName.Tlbwr,   "tlbwr",                    None,      0,                 0,       0,              CpU,                         Priv | End), // function only,
        new("010000 10000 ..... ..... ..... 001000", InstName.Tlbp,    "tlbp",                     None,      0,                 0,       0,              CpU,                         Priv), // bits 20:6 ignored
        new("010000 10000 ..... ..... ..... 011000", InstName.Eret,    "eret",                     None,      0,                 0,       0,              CpU,                         Priv | End | Blk),
        new("010000 1.... ..... ..... ..... 100000", InstName.Wait,    "wait",                     None,      0,                 0,       0,              CpU,                         Priv | End),
        new("010001 ..........................", InstName.Cop1,    "",                         CopNum,    0,                 0,       0,              CpU | RI,                    Fp | Fallback),
        new("010010 ..........................", InstName.Cop2,    "",                         CopNum,    0,                 0,       0,              CpU,                         0),
        new("010011 ..........................", InstName.Cop1x,   "",                         CopNum,    0,                 0,       0,              CpU | RI,                    Fp | Fallback),
        new("010100 ..... ..... ................", InstName.Beql,    "beql rs, rt, branch",      Branch,    Rs | Rt,           0,       0,              0,                           BL),
        new("010101 ..... ..... ................", InstName.Bnel,    "bnel rs, rt, branch",      Branch,    Rs | Rt,           0,       0,              0,                           BL),
        new("010110 ..... ..... ................", InstName.Blezl,   "blezl rs, branch",         Branch,    Rs,                0,       0,              0,                           BL), // rt ignored (QEMU),
        new("010111 ..... ..... ................", InstName.Bgtzl,   "bgtzl rs, branch",         Branch,    Rs,                0,       0,              0,                           BL), // unlike BLEZ/BGTZ

        new("011100 ..... ..... ...00 ..... 000000", InstName.Madd,    "madd rs, rt",              R,         Rs | Rt | Hi | Lo, Hi | Lo, 0,              0,                           0), // rd[1:0]: DSP accumulator
        new("011100 ..... ..... ...00 ..... 000001", InstName.Maddu,   "maddu rs, rt",             R,         Rs | Rt | Hi | Lo, Hi | Lo, 0,              0,                           0), // (RI); rd[4:2] and sa
        new("011100 ..... ..... ..... ..... 000010", InstName.Mul,     "mul rd, rs, rt",           R,         Rs | Rt,           Rd,      0,              0,                           0), // ignored (QEMU)
        new("011100 ..... ..... ...00 ..... 000100", InstName.Msub,    "msub rs, rt",              R,         Rs | Rt | Hi | Lo, Hi | Lo, 0,              0,                           0),
        new("011100 ..... ..... ...00 ..... 000101", InstName.Msubu,   "msubu rs, rt",             R,         Rs | Rt | Hi | Lo, Hi | Lo, 0,              0,                           0),
        new("011100 ..... ..... ..... ..... 100000", InstName.Clz,     "clz rd, rs",               R,         Rs,                Rd,      0,              0,                           0), // sa ignored (QEMU)
        new("011100 ..... ..... ..... ..... 100001", InstName.Clo,     "clo rd, rs",               R,         Rs,                Rd,      0,              0,                           0),

        new("011111 ..... ..... ..... ..... 000000", InstName.Ext,     "ext rt, rs, pos, size",    Ext,       Rs,                Rt,      0,              0,                           0),
        new("011111 ..... ..... ..... ..... 000100", InstName.Ins,     "ins rt, rs, pos, size",    Ins,       Rs | Rt,           Rt,      0,              0,                           0),
        new("011111 ..... ..... ..... 00010 100000", InstName.Wsbh,    "wsbh rd, rt",              R,         Rt,                Rd,      0,              0,                           0), // rs ignored (QEMU)
        new("011111 ..... ..... ..... 10000 100000", InstName.Seb,     "seb rd, rt",               R,         Rt,                Rd,      0,              0,                           0),
        new("011111 ..... ..... ..... 11000 100000", InstName.Seh,     "seh rd, rt",               R,         Rt,                Rd,      0,              0,                           0),
        new("011111 ..... ..... ..... ..... 111011", InstName.Rdhwr,   "rdhwr rt, hwr",            R,         0,                 Rt,      0,              RI,                          0), // rs, sel ignored (QEMU)

        new("100000 ..... ..... ................", InstName.Lb,      "lb rt, simm(rs)",          ISigned,   Rs,                Rt,      L1s,            LoadFaults,                  0),
        new("100001 ..... ..... ................", InstName.Lh,      "lh rt, simm(rs)",          ISigned,   Rs,                Rt,      L2s,            LoadFaults,                  0),
        new("100010 ..... ..... ................", InstName.Lwl,     "lwl rt, simm(rs)",         ISigned,   Rs | Rt,           Rt,      L4 | Left,      LoadFaults,                  0),
        new("100011 ..... ..... ................", InstName.Lw,      "lw rt, simm(rs)",          ISigned,   Rs,                Rt,      L4,             LoadFaults,                  0),
        new("100100 ..... ..... ................", InstName.Lbu,     "lbu rt, simm(rs)",         ISigned,   Rs,                Rt,      L1,             LoadFaults,                  0),
        new("100101 ..... ..... ................", InstName.Lhu,     "lhu rt, simm(rs)",         ISigned,   Rs,                Rt,      L2,             LoadFaults,                  0),
        new("100110 ..... ..... ................", InstName.Lwr,     "lwr rt, simm(rs)",         ISigned,   Rs | Rt,           Rt,      L4 | Right,     LoadFaults,                  0),
        new("101000 ..... ..... ................", InstName.Sb,      "sb rt, simm(rs)",          ISigned,   Rs | Rt,           0,       S1,             StoreFaults,                 0),
        new("101001 ..... ..... ................", InstName.Sh,      "sh rt, simm(rs)",          ISigned,   Rs | Rt,           0,       S2,             StoreFaults,                 0),
        new("101010 ..... ..... ................", InstName.Swl,     "swl rt, simm(rs)",         ISigned,   Rs | Rt,           0,       S4 | Left,      StoreFaults,                 0),
        new("101011 ..... ..... ................", InstName.Sw,      "sw rt, simm(rs)",          ISigned,   Rs | Rt,           0,       S4,             StoreFaults,                 0),
        new("101110 ..... ..... ................", InstName.Swr,     "swr rt, simm(rs)",         ISigned,   Rs | Rt,           0,       S4 | Right,     StoreFaults,                 0),
        new("101111 ..... ..... ................", InstName.Cache,   "cache op@rt, simm(rs)",    ISigned,   Rs,                0,       0,              CpU,                         Priv),
        new("110000 ..... ..... ................", InstName.Ll,      "ll rt, simm(rs)",          ISigned,   Rs,                Rt,      L4 | Linked,    LoadFaults,                  0),
        new("110001 ..... ..... ................", InstName.Lwc1,    "lwc1 ft, simm(rs)",        ISigned,   Rs,                0,       L4,             LoadFaults | CpU,            Fp),
        new("110010 ..........................", InstName.Lwc2,    "",                         CopNum,    0,                 0,       0,              CpU,                         0),
        new("110011 ..... ..... ................", InstName.Pref,    "pref op@rt, simm(rs)",     ISigned,   Rs,                0,       0,              0,                           0),
        new("110101 ..... ..... ................", InstName.Ldc1,    "ldc1 ft, simm(rs)",        ISigned,   Rs,                0,       L8,             LoadFaults | CpU,            Fp),
        new("110110 ..........................", InstName.Ldc2,    "",                         CopNum,    0,                 0,       0,              CpU,                         0),
        new("111000 ..... ..... ................", InstName.Sc,      "sc rt, simm(rs)",          ISigned,   Rs | Rt,           Rt,      S4 | Linked,    StoreFaults,                 0),
        new("111001 ..... ..... ................", InstName.Swc1,    "swc1 ft, simm(rs)",        ISigned,   Rs,                0,       S4,             StoreFaults | CpU,           Fp),
        new("111010 ..........................", InstName.Swc2,    "",                         CopNum,    0,                 0,       0,              CpU,                         0),
        new("111101 ..... ..... ................", InstName.Sdc1,    "sdc1 ft, simm(rs)",        ISigned,   Rs,                0,       S8,             StoreFaults | CpU,           Fp),
        new("111110 ..........................", InstName.Sdc2,    "",                         CopNum,    0,                 0,       0,              CpU,                         0),
    ];
#pragma warning restore IDE0055

    /// <summary>All rows: the integer ones, then the FPU's (InstTable.Cop1.cs).</summary>
    public static readonly IReadOnlyList<InstEncoding> Encodings = (InstEncoding[])[.. s_integerRows, .. Cop1Rows()];

    private static readonly InstFlags[] s_flagsByName = BuildFlags();

    /// <summary>Control-flow and mode flags for a mnemonic (Reserved and NotDecoded have none); <see cref="InstInfo"/> has the rest.</summary>
    public static InstFlags FlagsOf(InstName name) => s_flagsByName[(int)name];

    private static InstFlags[] BuildFlags()
    {
        var flags = new InstFlags[256];
        foreach (var e in Encodings)
        {
            flags[(int)e.Name] = e.Flags;
        }
        return flags;
    }
}
