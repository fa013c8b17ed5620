using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;

namespace Emu.Emulator.Tests.Decoder;

/// <summary>
/// Every row's syntax, both ways: random operand values are encoded from the row (<see cref="InstEncoder"/>), the word
/// must decode back to the row, disassemble, and assemble again to the same word (the row's own form exactly; with
/// objdump's aliases, to a word that prints the same text: MOVE is both OR and ADDU). Seeded; the seed is in the name.
/// </summary>
public class DisassemblerRoundTripTests
{
    private const int Seed = 11;
    private const int CasesPerRow = 64;
    private const uint Pc = 0x80100400;

    public static TheoryData<InstName> RowsWithSyntax()
    {
        var data = new TheoryData<InstName>();
        foreach (var e in InstTable.Encodings.Where(e => e.Syntax.Length != 0))
        {
            data.Add(e.Name);
        }
        return data;
    }

    [Fact]
    public void RowsWithoutSyntax_AreOnlyTheUnusableCoprocessorsAndFallbacks()
    {
        var none = InstTable.Encodings.Where(e => e.Syntax.Length == 0).Select(e => e.Name).ToHashSet();
        Assert.Equal(
            new HashSet<InstName> { InstName.Cop1, InstName.Cop1x, InstName.Cop2, InstName.Lwc2, InstName.Ldc2, InstName.Swc2, InstName.Sdc2 },
            none);
    }

    [Theory]
    [MemberData(nameof(RowsWithSyntax))]
    public void EveryEncoding_RoundTrips_ThroughDisassemblyAndAssembly(InstName name)
    {
        var rng = new Random(Seed * 1000 + (int)name);
        var form = InstSyntax.Of(name)!;
        for (var c = 0; c < CasesPerRow; c++)
        {
            var values = RowOperands.Random(rng, form, Pc);
            var word = InstEncoder.Encode(name, values) | RowOperands.TemplateBits(rng, form);
            if (InstDecoder.Decode(word).Op != name)
            {
                Assert.Fail($"{form.Text} with [{string.Join(", ", values)}] encodes 0x{word:x8}, which decodes as {InstDecoder.Decode(word).Op}");
            }
            var plain = Disassembler.Disassemble(word, Pc, aliases: false);
            Assert.True(InstAssembler.Assemble(plain, Pc) == word, $"0x{word:x8} -> '{plain}' -> 0x{InstAssembler.Assemble(plain, Pc):x8}");
            if (form.Operands.All(o => o.Kind != OperandKind.Jump)) // a jump's region comes from the PC
            {
                var relative = Disassembler.Disassemble(word, null, aliases: false);
                Assert.True(InstAssembler.Assemble(relative, Pc) == word, $"0x{word:x8} -> '{relative}' (no PC)");
            }
            var shown = Disassembler.Disassemble(word, Pc);
            var again = InstAssembler.Assemble(shown, Pc);
            Assert.True(Disassembler.Disassemble(again, Pc) == shown, $"0x{word:x8} -> '{shown}' -> 0x{again:x8} -> '{Disassembler.Disassemble(again, Pc)}'");
            if (shown == plain)
            {
                Assert.Equal(word, again);
            }
        }
    }

    [Theory]
    [InlineData(0x27bdffe0u, "addiu sp,sp,-32")]
    [InlineData(0x8fbf001cu, "lw ra,28(sp)")]
    [InlineData(0x00000000u, "nop")]
    [InlineData(0x00a02025u, "move a0,a1")]
    [InlineData(0x03e00008u, "jr ra")]
    [InlineData(0x40046000u, "mfc0 a0,c0_status")]
    [InlineData(0x40048004u, "mfc0 a0,$16,4")]
    [InlineData(0x7c0a1804u, "ins t2,zero,0x0,0x4")]
    [InlineData(0x0007024du, "break 0x7,0x9")]
    [InlineData(0x008001f4u, "teq a0,zero,0x7")]
    [InlineData(0x45040004u, "bc1f $fcc1,80100414")]
    [InlineData(0x4c43000fu, "prefx 0x0,v1(v0)")]
    [InlineData(0x10000004u, "b 80100414")]
    [InlineData(0x0c040000u, "jal 80100000")]
    [InlineData(0xfc000000u, ".word 0xfc000000")]
    public void KnownWords_PrintAsObjdumpDoes(uint word, string text)
    {
        Assert.Equal(text, Disassembler.Disassemble(word, Pc));
        Assert.Equal(word, InstAssembler.Assemble(text, Pc));
    }

    [Fact]
    public void BranchWithoutPc_PrintsRelativeToTheInstruction()
    {
        Assert.Equal("beqz a0,.+0x14", Disassembler.Disassemble(0x10800004u));
        Assert.Equal("b .+0x0", Disassembler.Disassemble(0x1000ffffu));
    }
}
