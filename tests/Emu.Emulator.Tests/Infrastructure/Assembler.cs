using Emu.Emulator.Decoder.Syntax;

namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// A tiny label-aware instruction list for hand-written guest loops in tests: branches name a label and
/// are patched with the word offset when <see cref="Build"/> runs. Words come from <see cref="Asm"/> or from
/// objdump-syntax text (<see cref="Emit(string)"/>), both built from InstTable's rows.
/// </summary>
public sealed class Assembler
{
    private static readonly Operand s_branch = Operand.Parse("branch");

    private readonly List<uint> _words = [];
    private readonly Dictionary<string, int> _labels = [];
    private readonly List<(int At, string Label)> _fixups = [];

    public Assembler Label(string name)
    {
        _labels[name] = _words.Count;
        return this;
    }

    public Assembler Emit(uint word)
    {
        _words.Add(word);
        return this;
    }

    /// <summary>One instruction written as objdump prints it (<c>"addiu sp,sp,-32"</c>), assembled from the table.</summary>
    public Assembler Emit(string instruction) => Emit(InstAssembler.Assemble(instruction));

    /// <summary>A branch whose 16-bit offset field points at <paramref name="label"/> (word built with offset 0).</summary>
    public Assembler Branch(uint wordWithZeroOffset, string label)
    {
        _fixups.Add((_words.Count, label));
        _words.Add(wordWithZeroOffset);
        return this;
    }

    /// <summary>li: lui/ori pair (always two words, so layouts stay predictable).</summary>
    public Assembler Li(int rt, uint value) =>
        Emit(Asm.Lui(rt, (int)(value >> 16))).Emit(Asm.Ori(rt, rt, (int)(value & 0xffff)));

    public uint[] Build()
    {
        var words = _words.ToArray();
        foreach (var (at, label) in _fixups)
        {
            var offset = _labels[label] - (at + 1);
            words[at] = s_branch.Set(words[at], (uint)offset);
        }
        return words;
    }
}
