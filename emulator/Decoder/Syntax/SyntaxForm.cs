namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// A row's syntax, parsed once: the mnemonic (possibly a template) and its operands. An alias form (objdump's
/// <c>nop</c>, <c>move</c>, <c>li</c>, <c>b</c>, <c>beqz</c> ...) is the same row with some bits fixed
/// (<see cref="FixMask"/>/<see cref="FixValue"/>) and fewer operands.
/// </summary>
public sealed class SyntaxForm
{
    public SyntaxForm(InstEncoding row, string syntax, uint fixMask = 0, uint fixValue = 0)
    {
        Row = row;
        Text = syntax;
        var space = syntax.IndexOf(' ', StringComparison.Ordinal);
        Mnemonic = space < 0 ? syntax : syntax[..space];
        Operands = space < 0
            ? []
            : [.. syntax[(space + 1)..].Split(',', StringSplitOptions.TrimEntries).Select(Operand.Parse)];
        FixMask = fixMask;
        FixValue = fixValue;
    }

    public InstEncoding Row { get; }

    /// <summary>The syntax as written in the row (or the alias list).</summary>
    public string Text { get; }

    /// <summary>
    /// The mnemonic; <c>%tf</c> stands for <c>f</c>/<c>t</c> (bit 16, MOVF/MOVT) and <c>%cond</c> for C.cond.fmt's
    /// condition (bits 3:0).
    /// </summary>
    public string Mnemonic { get; }

    public IReadOnlyList<Operand> Operands { get; }

    /// <summary>Bits an alias fixes beyond the row's pattern (0 for a row's own form).</summary>
    public uint FixMask { get; }

    public uint FixValue { get; }

    public bool IsAlias => FixMask != 0;

    /// <summary>Whether the alias applies to <paramref name="word"/> (always true for a row's own form).</summary>
    public bool Applies(uint word) => (word & FixMask) == FixValue;

    private static readonly string[] s_conditions =
        ["f", "un", "eq", "ueq", "olt", "ult", "ole", "ule", "sf", "ngle", "seq", "ngl", "lt", "nge", "le", "ngt"];

    /// <summary>The mnemonic for <paramref name="word"/>, templates filled in.</summary>
    public string MnemonicFor(uint word)
    {
        if (Mnemonic.Contains("%tf", StringComparison.Ordinal))
        {
            return Mnemonic.Replace("%tf", (word & (1u << 16)) != 0 ? "t" : "f", StringComparison.Ordinal);
        }
        if (Mnemonic.Contains("%cond", StringComparison.Ordinal))
        {
            return Mnemonic.Replace("%cond", s_conditions[word & 15], StringComparison.Ordinal);
        }
        return Mnemonic;
    }

    /// <summary>Every concrete mnemonic with the bits it fixes (one for a plain mnemonic, 2 or 16 for a template).</summary>
    public IEnumerable<(string Mnemonic, uint Mask, uint Value)> Expansions()
    {
        if (Mnemonic.Contains("%tf", StringComparison.Ordinal))
        {
            yield return (Mnemonic.Replace("%tf", "f", StringComparison.Ordinal), 1u << 16, 0);
            yield return (Mnemonic.Replace("%tf", "t", StringComparison.Ordinal), 1u << 16, 1u << 16);
        }
        else if (Mnemonic.Contains("%cond", StringComparison.Ordinal))
        {
            for (var c = 0u; c < 16; c++)
            {
                yield return (Mnemonic.Replace("%cond", s_conditions[c], StringComparison.Ordinal), 15, c);
            }
        }
        else
        {
            yield return (Mnemonic, 0, 0);
        }
    }
}
