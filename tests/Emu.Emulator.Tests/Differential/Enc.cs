using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Differential;

/// <summary>Encodings the shared <see cref="Asm"/> lacks (MIPS32 Vol II-A field layouts).</summary>
internal static class Enc
{
    public static uint Xor(int rd, int rs, int rt) => Asm.R(0x26, rs, rt, rd);
    public static uint Nor(int rd, int rs, int rt) => Asm.R(0x27, rs, rt, rd);
    public static uint Srl(int rd, int rt, int sa) => Asm.R(0x02, 0, rt, rd, sa);
    public static uint Sllv(int rd, int rt, int rs) => Asm.R(0x04, rs, rt, rd);
    public static uint Srlv(int rd, int rt, int rs) => Asm.R(0x06, rs, rt, rd);
    public static uint Srav(int rd, int rt, int rs) => Asm.R(0x07, rs, rt, rd);
    public static uint Maddu(int rs, int rt) => Asm.R(0x01, rs, rt, 0, 0, 0x1c);
    public static uint Msub(int rs, int rt) => Asm.R(0x04, rs, rt, 0, 0, 0x1c);
    public static uint Mthi(int rs) => Asm.R(0x11, rs, 0, 0);
    public static uint Mtlo(int rs) => Asm.R(0x13, rs, 0, 0);
    public static uint Slti(int rt, int rs, int imm) => Asm.I(0x0a, rs, rt, imm);
    public static uint Xori(int rt, int rs, int imm) => Asm.I(0x0e, rs, rt, imm);
    public static uint Lhu(int rt, int rs, int off) => Asm.I(0x25, rs, rt, off);
}
