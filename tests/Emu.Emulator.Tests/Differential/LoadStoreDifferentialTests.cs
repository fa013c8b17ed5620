using CsCheck;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Differential.DiffGen;

namespace Emu.Emulator.Tests.Differential;

/// <summary>
/// Loads and stores into the 4 KiB data page: aligned byte/halfword/word forms, and the unaligned word halves at
/// each of the four byte offsets. The base register is pinned to a pointer into the page; rt may alias it.
/// </summary>
public sealed class LoadStoreDifferentialTests
{
    private const int Iterations = 1500;

    /// <summary>Cases whose effective address has (address &amp; (alignment-1)) == <paramref name="offset"/>.</summary>
    private static InsnSpec Access(Func<int, int, int, uint> encode, uint alignment, uint offset = 0) =>
        new(Gen.Select(Gen.Int[1, 31], Reg, Gen.Int[-0x200, 0x1ff], Gen.UInt[0, 0x3ff], (rs, rt, imm, jitter) =>
        {
            var b = DifferentialHarness.DataVa + 0x600 + jitter;
            b -= (b + (uint)imm - offset) & (alignment - 1);
            return new Insn(encode(rt, rs, imm), rs, b);
        }));

    private static readonly Dictionary<string, InsnSpec> Aligned = new()
    {
        ["lb"] = Access(Asm.Lb, 1),
        ["lbu"] = Access(Asm.Lbu, 1),
        ["lh"] = Access(Asm.Lh, 2),
        ["lhu"] = Access(Asm.Lhu, 2),
        ["lw"] = Access(Asm.Lw, 4),
        ["sb"] = Access(Asm.Sb, 1),
        ["sh"] = Access(Asm.Sh, 2),
        ["sw"] = Access(Asm.Sw, 4),
    };

    private static readonly Dictionary<string, Func<int, int, int, uint>> Unaligned = new()
    {
        ["lwl"] = Asm.Lwl,
        ["lwr"] = Asm.Lwr,
        ["swl"] = Asm.Swl,
        ["swr"] = Asm.Swr,
    };

    public static TheoryData<string, bool> AlignedCases() => DiffTheory.Cases(Aligned.Keys);

    public static TheoryData<string, uint, bool> UnalignedCases()
    {
        var data = new TheoryData<string, uint, bool>();
        foreach (var m in Unaligned.Keys)
        {
            for (var offset = 0u; offset < 4; offset++)
            {
                data.Add(m, offset, true);
                data.Add(m, offset, false);
            }
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(AlignedCases))]
    public void Aligned_MatchesUnicorn(string mnemonic, bool bigEndian) =>
        Check(bigEndian, Aligned[mnemonic], Iterations);

    [SkippableTheory]
    [MemberData(nameof(UnalignedCases))]
    public void Unaligned_MatchesUnicorn_AtEachByteOffset(string mnemonic, uint byteOffset, bool bigEndian) =>
        Check(bigEndian, Access(Unaligned[mnemonic], 4, byteOffset), Iterations / 2);
}
