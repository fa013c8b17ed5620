namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// A tiny MIPS32 encoder for unit tests (field layout from MIPS32 Vol II-A). Integration tests use the
/// real GNU assembler; this exists so CPU unit tests need no toolchain.
/// </summary>
public static class Asm
{
    public const int Zero = 0, At = 1, V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7;
    public const int T0 = 8, T1 = 9, T2 = 10, T3 = 11, T4 = 12, T5 = 13, T6 = 14, T7 = 15, T8 = 24, T9 = 25;
    public const int S0 = 16, S1 = 17, S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23;
    public const int K0 = 26, K1 = 27, Sp = 29, Ra = 31;

    public static uint R(uint funct, int rs, int rt, int rd, int sa = 0, uint op = 0) =>
        (op << 26) | ((uint)rs << 21) | ((uint)rt << 16) | ((uint)rd << 11) | ((uint)sa << 6) | funct;

    public static uint I(uint op, int rs, int rt, int imm) =>
        (op << 26) | ((uint)rs << 21) | ((uint)rt << 16) | ((uint)imm & 0xffff);

    public static uint Nop => 0;
    public static uint Addu(int rd, int rs, int rt) => R(0x21, rs, rt, rd);
    public static uint Add(int rd, int rs, int rt) => R(0x20, rs, rt, rd);
    public static uint Sub(int rd, int rs, int rt) => R(0x22, rs, rt, rd);
    public static uint Subu(int rd, int rs, int rt) => R(0x23, rs, rt, rd);
    public static uint Or(int rd, int rs, int rt) => R(0x25, rs, rt, rd);
    public static uint And(int rd, int rs, int rt) => R(0x24, rs, rt, rd);
    public static uint Slt(int rd, int rs, int rt) => R(0x2a, rs, rt, rd);
    public static uint Sltu(int rd, int rs, int rt) => R(0x2b, rs, rt, rd);
    public static uint Sll(int rd, int rt, int sa) => R(0x00, 0, rt, rd, sa);
    public static uint Sra(int rd, int rt, int sa) => R(0x03, 0, rt, rd, sa);
    public static uint Rotr(int rd, int rt, int sa) => R(0x02, 1, rt, rd, sa);
    public static uint Rotrv(int rd, int rt, int rs) => R(0x06, rs, rt, rd, 1);
    public static uint Movz(int rd, int rs, int rt) => R(0x0a, rs, rt, rd);
    public static uint Movn(int rd, int rs, int rt) => R(0x0b, rs, rt, rd);
    public static uint Mult(int rs, int rt) => R(0x18, rs, rt, 0);
    public static uint Multu(int rs, int rt) => R(0x19, rs, rt, 0);
    public static uint Div(int rs, int rt) => R(0x1a, rs, rt, 0);
    public static uint Divu(int rs, int rt) => R(0x1b, rs, rt, 0);
    public static uint Mfhi(int rd) => R(0x10, 0, 0, rd);
    public static uint Mflo(int rd) => R(0x12, 0, 0, rd);
    public static uint Madd(int rs, int rt) => R(0x00, rs, rt, 0, 0, 0x1c);
    public static uint Msubu(int rs, int rt) => R(0x05, rs, rt, 0, 0, 0x1c);
    public static uint Mul(int rd, int rs, int rt) => R(0x02, rs, rt, rd, 0, 0x1c);
    public static uint Clz(int rd, int rs) => R(0x20, rs, rd, rd, 0, 0x1c);
    public static uint Clo(int rd, int rs) => R(0x21, rs, rd, rd, 0, 0x1c);
    public static uint Ext(int rt, int rs, int pos, int size) => R(0x00, rs, rt, size - 1, pos, 0x1f);
    public static uint Ins(int rt, int rs, int pos, int size) => R(0x04, rs, rt, pos + size - 1, pos, 0x1f);
    public static uint Wsbh(int rd, int rt) => R(0x20, 0, rt, rd, 0x02, 0x1f);
    public static uint Seb(int rd, int rt) => R(0x20, 0, rt, rd, 0x10, 0x1f);
    public static uint Seh(int rd, int rt) => R(0x20, 0, rt, rd, 0x18, 0x1f);
    public static uint Rdhwr(int rt, int rd) => R(0x3b, 0, rt, rd, 0, 0x1f);
    public static uint Jr(int rs) => R(0x08, rs, 0, 0);
    public static uint Jalr(int rd, int rs) => R(0x09, rs, 0, rd);
    public static uint Syscall => 0x0000000c;
    public static uint Break => 0x0000000d;
    public static uint Teq(int rs, int rt) => R(0x34, rs, rt, 0);
    public static uint Tgei(int rs, int imm) => I(1, rs, 0x08, imm);
    public static uint Addi(int rt, int rs, int imm) => I(0x08, rs, rt, imm);
    public static uint Addiu(int rt, int rs, int imm) => I(0x09, rs, rt, imm);
    public static uint Sltiu(int rt, int rs, int imm) => I(0x0b, rs, rt, imm);
    public static uint Andi(int rt, int rs, int imm) => I(0x0c, rs, rt, imm);
    public static uint Ori(int rt, int rs, int imm) => I(0x0d, rs, rt, imm);
    public static uint Lui(int rt, int imm) => I(0x0f, 0, rt, imm);
    public static uint Beq(int rs, int rt, int offsetInsns) => I(0x04, rs, rt, offsetInsns);
    public static uint Bne(int rs, int rt, int offsetInsns) => I(0x05, rs, rt, offsetInsns);
    public static uint Beql(int rs, int rt, int offsetInsns) => I(0x14, rs, rt, offsetInsns);
    public static uint Bnel(int rs, int rt, int offsetInsns) => I(0x15, rs, rt, offsetInsns);
    public static uint Bltzal(int rs, int offsetInsns) => I(1, rs, 0x10, offsetInsns);
    public static uint Bgezall(int rs, int offsetInsns) => I(1, rs, 0x13, offsetInsns);
    public static uint J(uint target) => (2u << 26) | ((target >> 2) & 0x03ffffff);
    public static uint Lb(int rt, int rs, int off) => I(0x20, rs, rt, off);
    public static uint Lh(int rt, int rs, int off) => I(0x21, rs, rt, off);
    public static uint Lwl(int rt, int rs, int off) => I(0x22, rs, rt, off);
    public static uint Lw(int rt, int rs, int off) => I(0x23, rs, rt, off);
    public static uint Lbu(int rt, int rs, int off) => I(0x24, rs, rt, off);
    public static uint Lwr(int rt, int rs, int off) => I(0x26, rs, rt, off);
    public static uint Sb(int rt, int rs, int off) => I(0x28, rs, rt, off);
    public static uint Sh(int rt, int rs, int off) => I(0x29, rs, rt, off);
    public static uint Swl(int rt, int rs, int off) => I(0x2a, rs, rt, off);
    public static uint Sw(int rt, int rs, int off) => I(0x2b, rs, rt, off);
    public static uint Swr(int rt, int rs, int off) => I(0x2e, rs, rt, off);
    public static uint Ll(int rt, int rs, int off) => I(0x30, rs, rt, off);
    public static uint Sc(int rt, int rs, int off) => I(0x38, rs, rt, off);
    public static uint Mfc0(int rt, int rd, int sel = 0) => (0x10u << 26) | ((uint)rt << 16) | ((uint)rd << 11) | (uint)sel;
    public static uint Mtc0(int rt, int rd, int sel = 0) => (0x10u << 26) | (4u << 21) | ((uint)rt << 16) | ((uint)rd << 11) | (uint)sel;
    public static uint Tlbwi => 0x42000002;
    public static uint Tlbwr => 0x42000006;
    public static uint Tlbp => 0x42000008;
    public static uint Tlbr => 0x42000001;
    public static uint Eret => 0x42000018;
    public static uint Wait => 0x42000020;
    public static uint Ei(int rt) => 0x41606020 | ((uint)rt << 16);
    public static uint Mfc1(int rt, int fs) => (0x11u << 26) | ((uint)rt << 16) | ((uint)fs << 11);
}
