namespace Emu.Emulator.Decoder;

/// <summary>
/// One member per MIPS32 Release 2 mnemonic that Emu executes (MIPS32 Vol II-A, rev 6.06 naming).
/// The numeric value is the interpreter's dispatch key, so it is a byte and <see cref="NotDecoded"/> is 0:
/// a zeroed decoded-instruction page means "decode me first".
/// </summary>
public enum InstName : byte
{
    NotDecoded = 0,
    /// <summary>Any encoding the table does not list: Reserved Instruction exception.</summary>
    Reserved,

    // SPECIAL: shifts
    Sll, Srl, Rotr, Sra, Sllv, Srlv, Rotrv, Srav,
    // SPECIAL: jumps and system
    Jr, JrHb, Jalr, JalrHb, Movz, Movn, Syscall, Break, Sync,
    // SPECIAL: HI/LO, multiply, divide
    Mfhi, Mthi, Mflo, Mtlo, Mult, Multu, Div, Divu,
    // SPECIAL: ALU
    Add, Addu, Sub, Subu, And, Or, Xor, Nor, Slt, Sltu,
    // SPECIAL: traps
    Tge, Tgeu, Tlt, Tltu, Teq, Tne,
    // SPECIAL: MOVF/MOVT need the FPU (Coprocessor Unusable without one)
    Movci,

    // REGIMM
    Bltz, Bgez, Bltzl, Bgezl, Tgei, Tgeiu, Tlti, Tltiu, Teqi, Tnei, Bltzal, Bgezal, Bltzall, Bgezall, Synci,

    // Jumps and branches
    J, Jal, Beq, Bne, Blez, Bgtz, Beql, Bnel, Blezl, Bgtzl,

    // Immediate ALU
    Addi, Addiu, Slti, Sltiu, Andi, Ori, Xori, Lui,

    // COP0
    Mfc0, Mtc0, Rdpgpr, Wrpgpr, Di, Ei, Tlbr, Tlbwi, Tlbwr, Tlbp, Eret, Wait,

    // Coprocessors 1-3 and their loads/stores: Coprocessor Unusable (no FPU, no COP2)
    Cop1, Cop2, Cop1x, Lwc1, Ldc1, Swc1, Sdc1, Lwc2, Ldc2, Swc2, Sdc2,

    // SPECIAL2
    Madd, Maddu, Mul, Msub, Msubu, Clz, Clo,

    // SPECIAL3
    Ext, Ins, Wsbh, Seb, Seh, Rdhwr,

    // Loads and stores
    Lb, Lh, Lwl, Lw, Lbu, Lhu, Lwr, Sb, Sh, Swl, Sw, Swr, Ll, Sc, Cache, Pref,

    // ---- COP1 / COP1X: the 24Kf FPU (emulator/Cpu/Fpu). Cop1, Cop1x, Lwc1..Sdc1 and Movci are above. ----
    // Moves and branches
    Mfc1, Mfhc1, Cfc1, Mtc1, Mthc1, Ctc1, Bc1f, Bc1t, Bc1fl, Bc1tl,
    // Single
    AddS, SubS, MulS, DivS, SqrtS, AbsS, MovS, NegS, RecipS, RsqrtS,
    RoundLS, TruncLS, CeilLS, FloorLS, RoundWS, TruncWS, CeilWS, FloorWS,
    MovcfS, MovzS, MovnS, CvtDS, CvtWS, CvtLS, CCondS,
    // Double
    AddD, SubD, MulD, DivD, SqrtD, AbsD, MovD, NegD, RecipD, RsqrtD,
    RoundLD, TruncLD, CeilLD, FloorLD, RoundWD, TruncWD, CeilWD, FloorWD,
    MovcfD, MovzD, MovnD, CvtSD, CvtWD, CvtLD, CCondD,
    // Word and long sources
    CvtSW, CvtDW, CvtSL, CvtDL,
    // COP1X: indexed loads/stores, PREFX, multiply-add
    Lwxc1, Ldxc1, Luxc1, Swxc1, Sdxc1, Suxc1, Prefx,
    MaddS, MaddD, MsubS, MsubD, NmaddS, NmaddD, NmsubS, NmsubD,
}
