using System.Globalization;
using System.Text;

namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// MIPS32 disassembly in GNU objdump's syntax (<c>addiu sp,sp,-32</c>, <c>lw ra,28(sp)</c>, ABI register names,
/// objdump's one-word aliases such as <c>nop</c>, <c>move</c>, <c>li</c>, <c>beqz</c>), generated from
/// <see cref="InstTable"/>'s syntax column: nothing here knows an opcode. Branch and jump targets are absolute
/// addresses in hex without <c>0x</c> (as objdump prints them before the symbol) when the PC is known, and
/// <c>.+0x10</c> (relative to the instruction) when it is not. Words the table does not execute print as
/// <c>.word 0x...</c>. <see cref="InstAssembler"/> reads this output back.
/// </summary>
public static class Disassembler
{
    /// <summary>Disassembles one word located at <paramref name="pc"/> (null: unknown location).</summary>
    /// <param name="aliases">Print objdump's aliases (<c>move</c> for <c>or rd,rs,zero</c> ...); false prints the row's own form.</param>
    public static string Disassemble(uint word, uint? pc = null, bool aliases = true)
    {
        var row = InstDecoder.Lookup(word);
        if (row is null || InstDecoder.Decode(word).Op == InstName.Reserved
            || InstSyntax.For(row.Name, word, aliases) is not { } form)
        {
            return Word(word);
        }
        var sb = new StringBuilder(32);
        sb.Append(form.MnemonicFor(word));
        var first = true;
        foreach (var op in form.Operands)
        {
            if (op.Optional && IsZero(op, word))
            {
                continue;
            }
            sb.Append(first ? ' ' : ',');
            first = false;
            AppendOperand(sb, row, op, word, pc);
        }
        return sb.ToString();
    }

    /// <summary>How a word the table does not know prints (objdump's <c>.word</c>, hex without leading zeros).</summary>
    public static string Word(uint word) => ".word 0x" + word.ToString("x", CultureInfo.InvariantCulture);

    private static bool IsZero(Operand op, uint word) => op.Kind switch
    {
        OperandKind.BreakCode => ((word >> 6) & 0xfffff) == 0,
        _ => op.Get(word) == 0,
    };

    private static void AppendOperand(StringBuilder sb, InstEncoding row, Operand op, uint word, uint? pc)
    {
        var v = op.Get(word);
        switch (op.Kind)
        {
            case OperandKind.Gpr: sb.Append(RegisterNames.Gpr((int)v)); break;
            case OperandKind.Fpr: sb.Append(RegisterNames.Fpr((int)v)); break;
            case OperandKind.Zero: sb.Append("zero"); break;
            case OperandKind.Hex5:
            case OperandKind.Stype:
            case OperandKind.Code20:
            case OperandKind.TrapCode:
            case OperandKind.Pos:
                Hex(sb, v);
                break;
            case OperandKind.Size:
                // EXT: size = msbd + 1; INS: size = msb - lsb + 1 (Vol II-A EXT, INS).
                var pos = (word >> Operand.SaShift) & 31;
                Hex(sb, row.Name == InstName.Ins ? v - pos + 1 : v + 1);
                break;
            case OperandKind.SImm: sb.Append((short)word); break;
            case OperandKind.UImm: Hex(sb, word & 0xffff); break;
            case OperandKind.Mem:
                sb.Append((short)word).Append('(').Append(RegisterNames.Gpr((int)((word >> Operand.RsShift) & 31))).Append(')');
                break;
            case OperandKind.Index:
                sb.Append(RegisterNames.Gpr((int)v)).Append('(').Append(RegisterNames.Gpr((int)((word >> Operand.RsShift) & 31))).Append(')');
                break;
            case OperandKind.Branch:
                {
                    var rel = 4 + ((int)(short)word << 2); // from the branch itself: the delay slot plus the offset
                    if (pc is { } p)
                    {
                        Address(sb, p + (uint)rel);
                    }
                    else
                    {
                        sb.Append(rel < 0 ? ".-0x" : ".+0x").Append(Math.Abs(rel).ToString("x", CultureInfo.InvariantCulture));
                    }
                    break;
                }
            case OperandKind.Jump:
                Address(sb, (((pc ?? 0) + 4) & 0xf0000000u) | (v << 2));
                break;
            case OperandKind.Cp0: sb.Append(RegisterNames.Cp0((int)v, (int)(word & 7))); break;
            case OperandKind.BreakCode:
                Hex(sb, (word >> 16) & 0x3ff);
                if (((word >> 6) & 0x3ff) != 0)
                {
                    sb.Append(',');
                    Hex(sb, (word >> 6) & 0x3ff);
                }
                break;
            case OperandKind.Hwr: sb.Append('$').Append(v); break;
            case OperandKind.Cc: sb.Append("$fcc").Append(v); break;
            case OperandKind.Fcr: sb.Append(RegisterNames.Fcr((int)v)); break;
            default: throw new InvalidOperationException($"operand kind {op.Kind}");
        }
    }

    private static void Hex(StringBuilder sb, uint v) => sb.Append("0x").Append(v.ToString("x", CultureInfo.InvariantCulture));

    private static void Address(StringBuilder sb, uint a) => sb.Append(a.ToString("x", CultureInfo.InvariantCulture));
}
