namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// The syntax forms of every <see cref="InstTable"/> row and of the aliases GNU objdump prints instead of some
/// encodings (binutils' mips-opc.c pseudo-instructions that have one-word encodings), built once.
/// </summary>
public static class InstSyntax
{
    private const uint RsField = 31u << 21, RtField = 31u << 16, RdField = 31u << 11;

    private static readonly SyntaxForm?[] s_byName = BuildForms();

    /// <summary>Aliases, in the order they are tried: the first that applies to a word is what objdump prints.</summary>
    private static readonly SyntaxForm[] s_aliases = BuildAliases();

    private static readonly Dictionary<string, List<(SyntaxForm Form, uint Mask, uint Value)>> s_byMnemonic = BuildMnemonics();

    /// <summary>The row's own form, or null when the row has no syntax (COP2, unassigned COP1: shown as <c>.word</c>).</summary>
    public static SyntaxForm? Of(InstName name) => s_byName[(byte)name];

    /// <summary>The form objdump prints for <paramref name="word"/> decoded as <paramref name="name"/>: an alias if one applies.</summary>
    public static SyntaxForm? For(InstName name, uint word, bool aliases)
    {
        if (aliases)
        {
            foreach (var a in s_aliases)
            {
                if (a.Row.Name == name && a.Applies(word))
                {
                    return a;
                }
            }
        }
        return Of(name);
    }

    /// <summary>Forms (rows, aliases, template expansions) spelled <paramref name="mnemonic"/>, with the bits the spelling fixes.</summary>
    public static IReadOnlyList<(SyntaxForm Form, uint Mask, uint Value)> ByMnemonic(string mnemonic) =>
        s_byMnemonic.TryGetValue(mnemonic, out var list) ? list : [];

    private static SyntaxForm?[] BuildForms()
    {
        var forms = new SyntaxForm?[256];
        foreach (var e in InstTable.Encodings)
        {
            forms[(int)e.Name] = e.Syntax.Length == 0 ? null : new SyntaxForm(e, e.Syntax);
        }
        return forms;
    }

    private static SyntaxForm[] BuildAliases()
    {
        static SyntaxForm A(InstName name, string syntax, uint mask, uint value)
        {
            var row = InstTable.Encodings.First(e => e.Name == name);
            return new SyntaxForm(row, syntax, mask, value);
        }
        return
        [
            A(InstName.Sll, "nop", ~0u, 0x00000000),
            A(InstName.Sll, "ssnop", ~0u, 0x00000040),
            A(InstName.Sll, "ehb", ~0u, 0x000000c0),
            A(InstName.Sll, "pause", ~0u, 0x00000140),
            A(InstName.Or, "move rd, rs", RtField, 0), // GNU as assembles move as OR: listed first
            A(InstName.Addu, "move rd, rs", RtField, 0),
            A(InstName.Subu, "negu rd, rt", RsField, 0),
            A(InstName.Sub, "neg rd, rt", RsField, 0),
            A(InstName.Addiu, "li rt, simm", RsField, 0),
            A(InstName.Ori, "li rt, uimm", RsField, 0),
            A(InstName.Beq, "b branch", RsField | RtField, 0),
            A(InstName.Bgez, "b branch", RsField, 0),
            A(InstName.Bgezal, "bal branch", RsField, 0),
            A(InstName.Beq, "beqz rs, branch", RtField, 0),
            A(InstName.Bne, "bnez rs, branch", RtField, 0),
            A(InstName.Beql, "beqzl rs, branch", RtField, 0),
            A(InstName.Bnel, "bnezl rs, branch", RtField, 0),
            A(InstName.Jalr, "jalr rs", RdField, 31u << 11),
            A(InstName.JalrHb, "jalr.hb rs", RdField, 31u << 11),
        ];
    }

    private static Dictionary<string, List<(SyntaxForm, uint, uint)>> BuildMnemonics()
    {
        var d = new Dictionary<string, List<(SyntaxForm, uint, uint)>>(StringComparer.Ordinal);
        void Add(SyntaxForm f)
        {
            foreach (var (m, mask, value) in f.Expansions())
            {
                if (!d.TryGetValue(m, out var list))
                {
                    d[m] = list = [];
                }
                list.Add((f, mask | f.FixMask, value | f.FixValue));
            }
        }
        foreach (var a in s_aliases)
        {
            Add(a);
        }
        foreach (var f in s_byName)
        {
            if (f is not null)
            {
                Add(f);
            }
        }
        return d;
    }
}
