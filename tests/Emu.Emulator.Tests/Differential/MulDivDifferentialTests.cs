using CsCheck;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Differential.DiffGen;

namespace Emu.Emulator.Tests.Differential;

/// <summary>Multiply, multiply-accumulate, divide and the HI/LO moves.</summary>
public sealed class MulDivDifferentialTests
{
    private const int Iterations = 1500;

    private static InsnSpec HiLo(Func<int, int, uint> encode, Func<DiffCase, bool>? valid = null) =>
        new(Gen.Select(Reg, Reg, (rs, rt) => (Insn)encode(rs, rt)), valid, Rrr: (_, rs, rt) => encode(rs, rt));

    private static InsnSpec OneReg(Func<int, uint> encode) => new(Reg.Select(r => (Insn)encode(r)));

    private static readonly Dictionary<string, InsnSpec> Specs = new()
    {
        ["mult"] = HiLo(Asm.Mult),
        ["multu"] = HiLo(Asm.Multu),
        ["madd"] = HiLo(Asm.Madd),
        ["maddu"] = HiLo(Asm.Maddu),
        ["msub"] = HiLo(Asm.Msub),
        ["msubu"] = HiLo(Asm.Msubu),
        // MIPS32 Vol II-A MUL: HI and LO are UNPREDICTABLE afterwards.
        ["mul"] = RType(Asm.Mul) with { CompareHiLo = false },
        // DIV/DIVU: a zero divisor leaves HI and LO UNPREDICTABLE. INT_MIN / -1 stays in (no exception ever).
        ["div"] = HiLo(Asm.Div, c => c.RtValue != 0),
        ["divu"] = HiLo(Asm.Divu, c => c.RtValue != 0),
        ["mfhi"] = OneReg(Asm.Mfhi),
        ["mflo"] = OneReg(Asm.Mflo),
        ["mthi"] = OneReg(Asm.Mthi),
        ["mtlo"] = OneReg(Asm.Mtlo),
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
