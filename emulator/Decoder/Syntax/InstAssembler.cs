using System.Globalization;

namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// Assembles one instruction written as <see cref="Disassembler"/> prints it (objdump syntax, aliases included)
/// back into its word, from <see cref="InstTable"/>'s syntax column. Numbers are decimal or <c>0x</c> hex; branch and
/// jump targets are hex addresses (with or without <c>0x</c>) or <c>.+N</c>/<c>.-N</c> relative to the instruction.
/// Not a full assembler: no labels, no directives but <c>.word</c>, no multi-word macros.
/// </summary>
public static class InstAssembler
{
    /// <summary>Assembles <paramref name="text"/> at <paramref name="pc"/>; throws <see cref="FormatException"/> when it cannot.</summary>
    public static uint Assemble(string text, uint pc = 0) =>
        TryAssemble(text, pc, out var word, out var error) ? word : throw new FormatException(error);

    public static bool TryAssemble(string text, uint pc, out uint word, out string error)
    {
        word = 0;
        var normal = Normalize(text);
        var space = normal.IndexOf(' ', StringComparison.Ordinal);
        var mnemonic = space < 0 ? normal : normal[..space];
        var tokens = space < 0 ? [] : normal[(space + 1)..].Split(',');
        if (mnemonic == ".word")
        {
            if (tokens.Length == 1 && TryNumber(tokens[0], out var w))
            {
                word = (uint)w;
                error = "";
                return true;
            }
            error = $"bad .word: '{text}'";
            return false;
        }
        var candidates = InstSyntax.ByMnemonic(mnemonic);
        if (candidates.Count == 0)
        {
            error = $"unknown mnemonic '{mnemonic}'";
            return false;
        }
        // Several forms may spell the same text (move is OR or ADDU; li is ADDIU or ORI): prefer the one that prints
        // back as written, so disassembling and assembling again is the identity on the text.
        uint? firstFit = null;
        foreach (var (form, mask, value) in candidates)
        {
            if (!TryOperands(form, tokens, pc, out var w))
            {
                continue;
            }
            w = (w & ~mask) | value;
            if (InstDecoder.Lookup(w)?.Name != form.Row.Name)
            {
                continue; // fields outside the form's range (an EXT beyond bit 31 ...)
            }
            firstFit ??= w;
            if (Disassembler.Disassemble(w, pc) == normal)
            {
                word = w;
                error = "";
                return true;
            }
        }
        if (firstFit is { } fit)
        {
            word = fit;
            error = "";
            return true;
        }
        error = $"operands do not fit '{mnemonic}': '{text}'";
        return false;
    }

    /// <summary>Lower case, one space after the mnemonic, none around commas.</summary>
    public static string Normalize(string text)
    {
        var t = text.Trim().ToLowerInvariant().Replace('\t', ' ');
        var space = t.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return t;
        }
        var ops = string.Join(',', t[(space + 1)..].Split(',', StringSplitOptions.TrimEntries));
        return t[..space] + " " + ops.Replace(" ", "", StringComparison.Ordinal);
    }

    private static bool TryOperands(SyntaxForm form, string[] tokens, uint pc, out uint word)
    {
        word = form.Row.Value | form.FixValue;
        var i = 0;
        var ops = form.Operands;
        for (var k = 0; k < ops.Count; k++)
        {
            var op = ops[k];
            var mandatoryLeft = 0;
            for (var j = k + 1; j < ops.Count; j++)
            {
                mandatoryLeft += ops[j].Optional ? 0 : 1;
            }
            // An optional operand is present only if the tokens outnumber the mandatory operands after it.
            if (op.Optional && tokens.Length - i <= mandatoryLeft)
            {
                continue;
            }
            if (i >= tokens.Length || !TryOperand(form, op, tokens, ref i, pc, ref word))
            {
                return false;
            }
        }
        return i == tokens.Length;
    }

    private static bool TryOperand(SyntaxForm form, Operand op, string[] tokens, ref int i, uint pc, ref uint word)
    {
        var t = tokens[i++];
        switch (op.Kind)
        {
            case OperandKind.Gpr:
                {
                    if (!RegisterNames.TryParseGpr(t, out var r)) { return false; }
                    word = op.Set(word, (uint)r);
                    return true;
                }
            case OperandKind.Fpr:
                {
                    if (!RegisterNames.TryParseFpr(t, out var r)) { return false; }
                    word = op.Set(word, (uint)r);
                    return true;
                }
            case OperandKind.Zero:
                return RegisterNames.TryParseGpr(t, out var z) && z == 0;
            case OperandKind.Hex5:
            case OperandKind.Stype:
            case OperandKind.Code20:
            case OperandKind.TrapCode:
            case OperandKind.Pos:
            case OperandKind.Hwr:
                {
                    if (op.Kind == OperandKind.Hwr)
                    {
                        if (!t.StartsWith('$')) { return false; }
                        t = t[1..];
                    }
                    if (!TryNumber(t, out var v) || v < 0 || v >= 1L << op.Width) { return false; }
                    word = op.Set(word, (uint)v);
                    return true;
                }
            case OperandKind.Size:
                {
                    var pos = (word >> Operand.SaShift) & 31;
                    if (!TryNumber(t, out var size) || size < 1 || size > 32) { return false; }
                    var field = form.Row.Name == InstName.Ins ? pos + size - 1 : size - 1;
                    if (field is < 0 or > 31) { return false; }
                    word = op.Set(word, (uint)field);
                    return true;
                }
            case OperandKind.SImm:
            case OperandKind.UImm:
                {
                    if (!TryNumber(t, out var v)) { return false; }
                    if (op.Kind == OperandKind.SImm ? v is < short.MinValue or > short.MaxValue : v is < 0 or > ushort.MaxValue) { return false; }
                    word = (word & 0xffff0000u) | ((uint)v & 0xffff);
                    return true;
                }
            case OperandKind.Mem:
            case OperandKind.Index:
                {
                    var open = t.IndexOf('(', StringComparison.Ordinal);
                    if (open < 0 || !t.EndsWith(')') || !RegisterNames.TryParseGpr(t[(open + 1)..^1], out var b)) { return false; }
                    var first = t[..open];
                    if (op.Kind == OperandKind.Mem)
                    {
                        if (!TryNumber(first.Length == 0 ? "0" : first, out var off) || off is < short.MinValue or > short.MaxValue) { return false; }
                        word = (word & 0xffff0000u) | ((uint)off & 0xffff);
                    }
                    else
                    {
                        if (!RegisterNames.TryParseGpr(first, out var x)) { return false; }
                        word = op.Set(word, (uint)x);
                    }
                    word = (word & ~(31u << Operand.RsShift)) | ((uint)b << Operand.RsShift);
                    return true;
                }
            case OperandKind.Branch:
                {
                    long rel;
                    if (t.StartsWith('.'))
                    {
                        if (!TryNumber(t[1] == '+' ? t[2..] : t[1..], out rel)) { return false; }
                    }
                    else if (TryAddress(t, out var target))
                    {
                        rel = (long)target - pc;
                        rel = (int)(uint)rel; // wrap within the 32-bit address space
                    }
                    else
                    {
                        return false;
                    }
                    var off = (rel - 4) >> 2;
                    if ((rel & 3) != 0 || off is < short.MinValue or > short.MaxValue) { return false; }
                    word = (word & 0xffff0000u) | ((uint)off & 0xffff);
                    return true;
                }
            case OperandKind.Jump:
                {
                    if (!TryAddress(t, out var target) || (target & 3) != 0 || ((target ^ (pc + 4)) & 0xf0000000u) != 0) { return false; }
                    word = op.Set(word, target >> 2);
                    return true;
                }
            case OperandKind.Cp0:
                {
                    // objdump prints some registers with their select after a comma ("c0_watchlo,1", "$12,4").
                    var text = t;
                    if (i < tokens.Length && TryNumber(tokens[i], out _) && RegisterNames.TryParseCp0(t + "," + tokens[i], out _, out _))
                    {
                        text = t + "," + tokens[i++];
                    }
                    if (!RegisterNames.TryParseCp0(text, out var reg, out var sel)) { return false; }
                    word = op.Set(word, (uint)reg);
                    word = (word & ~7u) | (uint)sel;
                    return true;
                }
            case OperandKind.BreakCode:
                {
                    if (!TryNumber(t, out var hi) || hi is < 0 or > 0x3ff) { return false; }
                    long lo = 0;
                    if (i < tokens.Length && (!TryNumber(tokens[i++], out lo) || lo is < 0 or > 0x3ff)) { return false; }
                    word = (word & ~(0xfffffu << 6)) | ((uint)hi << 16) | ((uint)lo << 6);
                    return true;
                }
            case OperandKind.Cc:
                {
                    if (!t.StartsWith("$fcc", StringComparison.Ordinal) || !int.TryParse(t.AsSpan(4), out var cc) || cc is < 0 or > 7) { return false; }
                    word = op.Set(word, (uint)cc);
                    return true;
                }
            case OperandKind.Fcr:
                {
                    if (!RegisterNames.TryParseFcr(t, out var r)) { return false; }
                    word = op.Set(word, (uint)r);
                    return true;
                }
            default:
                return false;
        }
    }

    /// <summary>Decimal, or hex with 0x, optionally negative.</summary>
    public static bool TryNumber(string text, out long value)
    {
        var neg = text.StartsWith('-');
        var t = neg ? text[1..] : text;
        var ok = t.StartsWith("0x", StringComparison.Ordinal)
            ? long.TryParse(t.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        value = neg ? -value : value;
        return ok && t.Length > 0;
    }

    /// <summary>A target address: hex, with or without 0x (objdump prints it without).</summary>
    private static bool TryAddress(string text, out uint address)
    {
        var t = text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text;
        return uint.TryParse(t, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out address) && t.Length > 0;
    }
}
