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
}
