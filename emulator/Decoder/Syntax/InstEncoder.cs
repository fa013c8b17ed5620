namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// Builds instruction words from a mnemonic and operand values, placing each value where the row's syntax says
/// (no opcode constant anywhere but <see cref="InstTable"/>). Values come in the row's syntax order, one per
/// operand, two for <c>simm(rs)</c> (offset, base), <c>rt(rs)</c> (index, base), <c>c0</c> (register, select) and
/// <c>bcode</c> (code, second code); <c>zero</c> takes none. A branch takes its offset in instructions (the field),
/// a jump its target address. Values are truncated to their fields, as the hardware would see them.
/// </summary>
public static class InstEncoder
{
    /// <summary>The word for <paramref name="name"/> with <paramref name="values"/> in syntax order.</summary>
    public static uint Encode(InstName name, params ReadOnlySpan<long> values)
    {
        var form = InstSyntax.Of(name) ?? throw new ArgumentException($"{name} has no syntax in InstTable");
        return Encode(form, form.Row.Value, values);
    }

    /// <summary>
    /// The word for a spelled mnemonic, which may be one a template stands for (<c>movt</c>, <c>c.olt.d</c>) or an
    /// objdump alias (<c>move</c>, <c>li</c>, <c>b</c>): the spelling's fixed bits, then <paramref name="values"/> in
    /// that form's syntax order.
    /// </summary>
    public static uint Encode(string mnemonic, params ReadOnlySpan<long> values)
    {
        var forms = InstSyntax.ByMnemonic(mnemonic);
        if (forms.Count == 0)
        {
            throw new ArgumentException($"no InstTable row or alias is spelled '{mnemonic}'");
        }
        var (form, mask, value) = forms[0];
        return Encode(form, (form.Row.Value & ~mask) | value, values);
    }

    private static uint Encode(SyntaxForm form, uint start, ReadOnlySpan<long> values)
    {
        var name = form.Row.Name;
        var word = start;
        var i = 0;
        foreach (var op in form.Operands)
        {
            if (i + op.ValueCount > values.Length)
            {
                throw new ArgumentException($"{form.Text}: {values.Length} values given, more needed");
            }
            var v = op.ValueCount > 0 ? (uint)values[i] : 0;
            switch (op.Kind)
            {
                case OperandKind.Zero:
                    break;
                case OperandKind.SImm:
                case OperandKind.UImm:
                case OperandKind.Branch:
                    word = (word & 0xffff0000u) | (v & 0xffff);
                    break;
                case OperandKind.Mem:
                case OperandKind.Index:
                    word = op.Kind == OperandKind.Mem ? (word & 0xffff0000u) | (v & 0xffff) : op.Set(word, v);
                    word = (word & ~(31u << Operand.RsShift)) | (((uint)values[i + 1] & 31) << Operand.RsShift);
                    break;
                case OperandKind.Jump:
                    word = op.Set(word, v >> 2);
                    break;
                case OperandKind.Size:
                    {
                        var pos = (word >> Operand.SaShift) & 31;
                        word = op.Set(word, name == InstName.Ins ? pos + v - 1 : v - 1);
                        break;
                    }
                case OperandKind.Cp0:
                    word = (op.Set(word, v) & ~7u) | ((uint)values[i + 1] & 7);
                    break;
                case OperandKind.BreakCode:
                    word = (word & ~(0xfffffu << 6)) | ((v & 0x3ff) << 16) | (((uint)values[i + 1] & 0x3ff) << 6);
                    break;
                default:
                    word = op.Set(word, v);
                    break;
            }
            i += op.ValueCount;
        }
        if (i != values.Length)
        {
            throw new ArgumentException($"{form.Text}: {values.Length} values given, {i} expected");
        }
        return word;
    }

    /// <summary>Assembles one line of objdump-syntax text (see <see cref="InstAssembler"/>).</summary>
    public static uint Assemble(string text, uint pc = 0) => InstAssembler.Assemble(text, pc);
}
