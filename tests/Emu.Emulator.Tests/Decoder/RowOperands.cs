using Emu.Emulator.Decoder;
using Emu.Emulator.Decoder.Syntax;

namespace Emu.Emulator.Tests.Decoder;

/// <summary>Random operand values for a row's syntax (what <see cref="InstEncoder.Encode(InstName, ReadOnlySpan{long})"/> takes), for table-wide tests.</summary>
internal static class RowOperands
{
    /// <summary>
    /// Values for every operand of <paramref name="form"/>. GPR fields get distinct registers from
    /// <paramref name="gprs"/> when given (so a field's effect is never hidden by another's); a jump targets the
    /// region of <paramref name="pc"/>.
    /// </summary>
    public static long[] Random(Random rng, SyntaxForm form, uint pc, Queue<int>? gprs = null)
    {
        var values = new List<long>();
        var pos = 0;
        int Gpr() => gprs is { Count: > 0 } ? gprs.Dequeue() : rng.Next(32);
        foreach (var op in form.Operands)
        {
            switch (op.Kind)
            {
                case OperandKind.Zero: break;
                case OperandKind.Gpr: values.Add(Gpr()); break;
                case OperandKind.Fpr or OperandKind.Hex5 or OperandKind.Hwr or OperandKind.Stype or OperandKind.Fcr:
                    values.Add(rng.Next(32));
                    break;
                case OperandKind.Pos:
                    pos = rng.Next(32);
                    values.Add(pos);
                    break;
                case OperandKind.Size: values.Add(1 + rng.Next(32 - pos)); break;
                case OperandKind.SImm or OperandKind.Branch: values.Add(rng.Next(short.MinValue, short.MaxValue + 1)); break;
                case OperandKind.UImm: values.Add(rng.Next(0x10000)); break;
                case OperandKind.Mem: values.Add(rng.Next(short.MinValue, short.MaxValue + 1)); values.Add(Gpr()); break;
                case OperandKind.Index: values.Add(Gpr()); values.Add(Gpr()); break;
                case OperandKind.Jump: values.Add(((pc + 4) & 0xf0000000u) | ((uint)rng.Next(1 << 26) << 2)); break;
                case OperandKind.Cp0: values.Add(rng.Next(32)); values.Add(rng.Next(8)); break;
                case OperandKind.Code20: values.Add(rng.Next(1 << 20)); break;
                case OperandKind.BreakCode: values.Add(rng.Next(1 << 10)); values.Add(rng.Next(1 << 10)); break;
                case OperandKind.TrapCode: values.Add(rng.Next(1 << 10)); break;
                case OperandKind.Cc: values.Add(rng.Next(8)); break;
                default: throw new InvalidOperationException(op.Kind.ToString());
            }
        }
        return [.. values];
    }

    /// <summary>Bits a template mnemonic stands for (MOVF/MOVT's tf, C.cond.fmt's cond), chosen at random.</summary>
    public static uint TemplateBits(Random rng, SyntaxForm form) =>
        form.Expansions().ToArray() is { Length: > 1 } e ? e[rng.Next(e.Length)].Value : 0;

    /// <summary>
    /// A random word that decodes as the row: from its syntax when it has one, else its pattern with random free bits
    /// (a fallback row's word must miss every other row of its opcode, so draw until it does).
    /// </summary>
    public static uint Word(Random rng, InstEncoding row, uint pc, int[] gprs)
    {
        while (true)
        {
            uint word;
            if (InstSyntax.Of(row.Name) is { } form)
            {
                word = InstEncoder.Encode(row.Name, Random(rng, form, pc, new Queue<int>(gprs))) | TemplateBits(rng, form);
            }
            else
            {
                word = row.Value | ((((uint)rng.Next() << 1) ^ (uint)rng.Next()) & ~row.Mask);
            }
            if (InstDecoder.Decode(word).Op == row.Name)
            {
                return word;
            }
        }
    }
}
