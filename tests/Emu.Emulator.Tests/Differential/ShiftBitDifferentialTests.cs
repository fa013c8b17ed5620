using CsCheck;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Differential.DiffGen;

namespace Emu.Emulator.Tests.Differential;

/// <summary>Shifts, rotates, byte/halfword sign extension and swap, bit-field extract/insert, count leading bits.</summary>
public sealed class ShiftBitDifferentialTests
{
    private const int Iterations = 1500;

    private static InsnSpec Shift(Func<int, int, int, uint> encode) =>
        new(Gen.Select(Reg, Reg, Shamt, (rd, rt, sa) => (Insn)encode(rd, rt, sa)));

    // CLZ/CLO: Asm puts rd in the rt field as well, as Vol II-A requires.
    private static InsnSpec Unary(Func<int, int, uint> encode) =>
        new(Gen.Select(Reg, Reg, (rd, rt) => (Insn)encode(rd, rt)));

    // MIPS32 Vol II-A EXT/INS: pos + size > 32 is UNPREDICTABLE, so only valid fields are generated.
    private static readonly Gen<(int Pos, int Size)> Field =
        Gen.Int[0, 31].SelectMany(pos => Gen.Int[1, 32 - pos].Select(size => (pos, size)));

    private static readonly Dictionary<string, InsnSpec> Specs = new()
    {
        ["sll"] = Shift(Asm.Sll),
        ["srl"] = Shift(Asm.Srl),
        ["sra"] = Shift(Asm.Sra),
        ["rotr"] = Shift(Asm.Rotr),
        ["sllv"] = RType((rd, rs, rt) => Asm.Sllv(rd, rt, rs)),
        ["srlv"] = RType((rd, rs, rt) => Asm.Srlv(rd, rt, rs)),
        ["srav"] = RType((rd, rs, rt) => Asm.Srav(rd, rt, rs)),
        ["rotrv"] = RType((rd, rs, rt) => Asm.Rotrv(rd, rt, rs)),
        ["seb"] = Unary(Asm.Seb),
        ["seh"] = Unary(Asm.Seh),
        ["wsbh"] = Unary(Asm.Wsbh),
        ["clz"] = Unary(Asm.Clz),
        ["clo"] = Unary(Asm.Clo),
        ["ext"] = new(Gen.Select(Reg, Reg, Field, (rt, rs, f) => (Insn)Asm.Ext(rt, rs, f.Pos, f.Size))),
        ["ins"] = new(Gen.Select(Reg, Reg, Field, (rt, rs, f) => (Insn)Asm.Ins(rt, rs, f.Pos, f.Size))),
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
