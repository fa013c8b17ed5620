using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;

namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// Instruction words for CPU unit tests, built from InstTable's rows (<see cref="InstEncoder"/>): no opcode or
/// field position is written here. Arguments keep the order these helpers always had; each line maps them onto the
/// row's syntax order (<c>lw rt, simm(rs)</c> takes rt, offset, base). Integration tests use the real GNU assembler;
/// this exists so CPU unit tests need no toolchain. <see cref="Text"/> assembles objdump-syntax text the same way.
/// </summary>
public static class Asm
{
    public const int Zero = 0, At = 1, V0 = 2, V1 = 3, A0 = 4, A1 = 5, A2 = 6, A3 = 7;
    public const int T0 = 8, T1 = 9, T2 = 10, T3 = 11, T4 = 12, T5 = 13, T6 = 14, T7 = 15, T8 = 24, T9 = 25;
    public const int S0 = 16, S1 = 17, S2 = 18, S3 = 19, S4 = 20, S5 = 21, S6 = 22, S7 = 23;
    public const int K0 = 26, K1 = 27, Sp = 29, Ra = 31;

    private static readonly Operand s_rt = Operand.Parse("rt");

    private static uint E(InstName name, params ReadOnlySpan<long> values) => InstEncoder.Encode(name, values);

    /// <summary>One instruction in objdump syntax (<c>"addiu sp,sp,-32"</c>), assembled from the table.</summary>
    public static uint Text(string instruction, uint pc = 0) => InstAssembler.Assemble(instruction, pc);

    public static uint Nop => E(InstName.Sll, 0, 0, 0);
    public static uint Addu(int rd, int rs, int rt) => E(InstName.Addu, rd, rs, rt);
    public static uint Add(int rd, int rs, int rt) => E(InstName.Add, rd, rs, rt);
    public static uint Sub(int rd, int rs, int rt) => E(InstName.Sub, rd, rs, rt);
    public static uint Subu(int rd, int rs, int rt) => E(InstName.Subu, rd, rs, rt);
    public static uint Or(int rd, int rs, int rt) => E(InstName.Or, rd, rs, rt);
    public static uint And(int rd, int rs, int rt) => E(InstName.And, rd, rs, rt);
    public static uint Xor(int rd, int rs, int rt) => E(InstName.Xor, rd, rs, rt);
    public static uint Nor(int rd, int rs, int rt) => E(InstName.Nor, rd, rs, rt);
    public static uint Slt(int rd, int rs, int rt) => E(InstName.Slt, rd, rs, rt);
    public static uint Sltu(int rd, int rs, int rt) => E(InstName.Sltu, rd, rs, rt);
    public static uint Sll(int rd, int rt, int sa) => E(InstName.Sll, rd, rt, sa);
    public static uint Srl(int rd, int rt, int sa) => E(InstName.Srl, rd, rt, sa);
    public static uint Sra(int rd, int rt, int sa) => E(InstName.Sra, rd, rt, sa);
    public static uint Rotr(int rd, int rt, int sa) => E(InstName.Rotr, rd, rt, sa);
    public static uint Sllv(int rd, int rt, int rs) => E(InstName.Sllv, rd, rt, rs);
    public static uint Srlv(int rd, int rt, int rs) => E(InstName.Srlv, rd, rt, rs);
    public static uint Srav(int rd, int rt, int rs) => E(InstName.Srav, rd, rt, rs);
    public static uint Rotrv(int rd, int rt, int rs) => E(InstName.Rotrv, rd, rt, rs);
    public static uint Movz(int rd, int rs, int rt) => E(InstName.Movz, rd, rs, rt);
    public static uint Movn(int rd, int rs, int rt) => E(InstName.Movn, rd, rs, rt);
    /// <summary>MOVF/MOVT rd, rs, $fcc<paramref name="cc"/>.</summary>
    public static uint Movci(int rd, int rs, int cc, bool tf) => InstEncoder.Encode(tf ? "movt" : "movf", rd, rs, cc);
    public static uint Mult(int rs, int rt) => E(InstName.Mult, rs, rt);
    public static uint Multu(int rs, int rt) => E(InstName.Multu, rs, rt);
    public static uint Div(int rs, int rt) => E(InstName.Div, rs, rt);
    public static uint Divu(int rs, int rt) => E(InstName.Divu, rs, rt);
    public static uint Mfhi(int rd) => E(InstName.Mfhi, rd);
    public static uint Mflo(int rd) => E(InstName.Mflo, rd);
    public static uint Mthi(int rs) => E(InstName.Mthi, rs);
    public static uint Mtlo(int rs) => E(InstName.Mtlo, rs);
    public static uint Madd(int rs, int rt) => E(InstName.Madd, rs, rt);
    public static uint Maddu(int rs, int rt) => E(InstName.Maddu, rs, rt);
    public static uint Msub(int rs, int rt) => E(InstName.Msub, rs, rt);
    public static uint Msubu(int rs, int rt) => E(InstName.Msubu, rs, rt);
    public static uint Mul(int rd, int rs, int rt) => E(InstName.Mul, rd, rs, rt);
    // CLZ/CLO: the manual requires rt = rd, and GNU as writes rd into both fields; the row names only rd.
    public static uint Clz(int rd, int rs) => s_rt.Set(E(InstName.Clz, rd, rs), (uint)rd);
    public static uint Clo(int rd, int rs) => s_rt.Set(E(InstName.Clo, rd, rs), (uint)rd);
    public static uint Ext(int rt, int rs, int pos, int size) => E(InstName.Ext, rt, rs, pos, size);
    public static uint Ins(int rt, int rs, int pos, int size) => E(InstName.Ins, rt, rs, pos, size);
    public static uint Wsbh(int rd, int rt) => E(InstName.Wsbh, rd, rt);
    public static uint Seb(int rd, int rt) => E(InstName.Seb, rd, rt);
    public static uint Seh(int rd, int rt) => E(InstName.Seh, rd, rt);
    public static uint Rdhwr(int rt, int rd) => E(InstName.Rdhwr, rt, rd);
    public static uint Jr(int rs) => E(InstName.Jr, rs);
    public static uint Jalr(int rd, int rs) => E(InstName.Jalr, rd, rs);
    public static uint Syscall => E(InstName.Syscall, 0);
    public static uint Break => E(InstName.Break, 0, 0);
    public static uint Teq(int rs, int rt) => E(InstName.Teq, rs, rt, 0);
    public static uint Tgei(int rs, int imm) => E(InstName.Tgei, rs, imm);
    public static uint Addi(int rt, int rs, int imm) => E(InstName.Addi, rt, rs, imm);
    public static uint Addiu(int rt, int rs, int imm) => E(InstName.Addiu, rt, rs, imm);
    public static uint Slti(int rt, int rs, int imm) => E(InstName.Slti, rt, rs, imm);
    public static uint Sltiu(int rt, int rs, int imm) => E(InstName.Sltiu, rt, rs, imm);
    public static uint Andi(int rt, int rs, int imm) => E(InstName.Andi, rt, rs, imm);
    public static uint Ori(int rt, int rs, int imm) => E(InstName.Ori, rt, rs, imm);
    public static uint Xori(int rt, int rs, int imm) => E(InstName.Xori, rt, rs, imm);
    public static uint Lui(int rt, int imm) => E(InstName.Lui, rt, imm);
    public static uint Beq(int rs, int rt, int offsetInsns) => E(InstName.Beq, rs, rt, offsetInsns);
    public static uint Bne(int rs, int rt, int offsetInsns) => E(InstName.Bne, rs, rt, offsetInsns);
    public static uint Beql(int rs, int rt, int offsetInsns) => E(InstName.Beql, rs, rt, offsetInsns);
    public static uint Bnel(int rs, int rt, int offsetInsns) => E(InstName.Bnel, rs, rt, offsetInsns);
    public static uint Bltzal(int rs, int offsetInsns) => E(InstName.Bltzal, rs, offsetInsns);
    public static uint Bgezall(int rs, int offsetInsns) => E(InstName.Bgezall, rs, offsetInsns);
    public static uint Bgez(int rs, int offsetInsns) => E(InstName.Bgez, rs, offsetInsns);
    public static uint J(uint target) => E(InstName.J, target);
    public static uint Lb(int rt, int rs, int off) => E(InstName.Lb, rt, off, rs);
    public static uint Lh(int rt, int rs, int off) => E(InstName.Lh, rt, off, rs);
    public static uint Lhu(int rt, int rs, int off) => E(InstName.Lhu, rt, off, rs);
    public static uint Lwl(int rt, int rs, int off) => E(InstName.Lwl, rt, off, rs);
    public static uint Lw(int rt, int rs, int off) => E(InstName.Lw, rt, off, rs);
    public static uint Lbu(int rt, int rs, int off) => E(InstName.Lbu, rt, off, rs);
    public static uint Lwr(int rt, int rs, int off) => E(InstName.Lwr, rt, off, rs);
    public static uint Sb(int rt, int rs, int off) => E(InstName.Sb, rt, off, rs);
    public static uint Sh(int rt, int rs, int off) => E(InstName.Sh, rt, off, rs);
    public static uint Swl(int rt, int rs, int off) => E(InstName.Swl, rt, off, rs);
    public static uint Sw(int rt, int rs, int off) => E(InstName.Sw, rt, off, rs);
    public static uint Swr(int rt, int rs, int off) => E(InstName.Swr, rt, off, rs);
    public static uint Ll(int rt, int rs, int off) => E(InstName.Ll, rt, off, rs);
    public static uint Sc(int rt, int rs, int off) => E(InstName.Sc, rt, off, rs);
    public static uint Mfc0(int rt, int rd, int sel = 0) => E(InstName.Mfc0, rt, rd, sel);
    public static uint Mtc0(int rt, int rd, int sel = 0) => E(InstName.Mtc0, rt, rd, sel);
    public static uint Tlbwi => E(InstName.Tlbwi);
    public static uint Tlbwr => E(InstName.Tlbwr);
    public static uint Tlbp => E(InstName.Tlbp);
    public static uint Tlbr => E(InstName.Tlbr);
    public static uint Eret => E(InstName.Eret);
    public static uint Wait => E(InstName.Wait);
    public static uint Ei(int rt) => E(InstName.Ei, rt);
    public static uint Di(int rt) => E(InstName.Di, rt);
    public static uint Mfc1(int rt, int fs) => E(InstName.Mfc1, rt, fs);
}
