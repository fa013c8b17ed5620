using CsCheck;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Differential.DiffGen;

namespace Emu.Emulator.Tests.Differential;

/// <summary>ALU register and immediate forms, conditional moves: Emu against Unicorn, one instruction at a time.</summary>
public sealed class AluDifferentialTests
{
    private const int Iterations = 1500;

    private static bool AddFits(uint a, uint b) => (long)(int)a + (int)b is >= int.MinValue and <= int.MaxValue;

    private static bool SubFits(uint a, uint b) => (long)(int)a - (int)b is >= int.MinValue and <= int.MaxValue;

    private static readonly Dictionary<string, InsnSpec> Specs = new()
    {
        ["addu"] = RType(Asm.Addu),
        ["subu"] = RType(Asm.Subu),
        ["and"] = RType(Asm.And),
        ["or"] = RType(Asm.Or),
        ["xor"] = RType(Asm.Xor),
        ["nor"] = RType(Asm.Nor),
        ["slt"] = RType(Asm.Slt),
        ["sltu"] = RType(Asm.Sltu),
        ["movn"] = RType(Asm.Movn),
        ["movz"] = RType(Asm.Movz),
        // Integer Overflow traps (no architectural result to compare): only non-overflowing inputs.
        ["add"] = RType(Asm.Add, c => AddFits(c.RsValue, c.RtValue)),
        ["sub"] = RType(Asm.Sub, c => SubFits(c.RsValue, c.RtValue)),
        ["addiu"] = IType(Asm.Addiu),
        ["addi"] = IType(Asm.Addi, c => AddFits(c.RsValue, (uint)(short)c.Word)),
        ["andi"] = IType(Asm.Andi),
        ["ori"] = IType(Asm.Ori),
        ["xori"] = IType(Asm.Xori),
        ["slti"] = IType(Asm.Slti),
        ["sltiu"] = IType(Asm.Sltiu),
        ["lui"] = new(Gen.Select(Reg, Imm16, (rt, imm) => (Insn)Asm.Lui(rt, imm))),
    };

    public static TheoryData<string, bool> Cases() => DiffTheory.Cases(Specs.Keys);

    public static TheoryData<string, bool> RegisterForms() =>
        DiffTheory.Cases(Specs.Where(s => s.Value.Rrr is not null).Select(s => s.Key));

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void MatchesUnicorn(string mnemonic, bool bigEndian) => Check(bigEndian, Specs[mnemonic], Iterations);

    [SkippableTheory]
    [MemberData(nameof(RegisterForms))]
    public void EdgePairs_MatchUnicorn(string mnemonic, bool bigEndian) => CheckEdgePairs(bigEndian, Specs[mnemonic]);
}
