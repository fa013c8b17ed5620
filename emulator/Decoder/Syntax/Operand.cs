namespace Emu.Emulator.Decoder.Syntax;

/// <summary>What an operand of a row's syntax is, and so how it is printed, parsed and placed in the word.</summary>
public enum OperandKind : byte
{
    /// <summary>A GPR in a 5-bit field (<c>rs</c>, <c>rt</c>, <c>rd</c>), by ABI name.</summary>
    Gpr,
    /// <summary>An FPR in a 5-bit field (<c>fs</c> = rd, <c>ft</c> = rt, <c>fd</c> = sa, <c>fr</c> = rs), as <c>$fN</c>.</summary>
    Fpr,
    /// <summary>The literal <c>zero</c> objdump prints as DIV/DIVU's destination.</summary>
    Zero,
    /// <summary>A 5-bit unsigned field printed in hex (<c>sa</c>; <c>op@rt</c>/<c>op@rd</c>: CACHE's op, PREF's hint).</summary>
    Hex5,
    /// <summary><c>simm</c>: the 16-bit immediate, sign-extended, decimal.</summary>
    SImm,
    /// <summary><c>uimm</c>: the 16-bit immediate, zero-extended, hex.</summary>
    UImm,
    /// <summary><c>simm(rs)</c>: a signed offset from a base GPR.</summary>
    Mem,
    /// <summary><c>rt(rs)</c>: an index GPR plus a base GPR (COP1X).</summary>
    Index,
    /// <summary><c>branch</c>: the 16-bit word offset from the delay slot.</summary>
    Branch,
    /// <summary><c>jump</c>: the 26-bit word index within the delay slot's 256 MiB region.</summary>
    Jump,
    /// <summary><c>pos</c>: EXT/INS's lowest bit (the sa field).</summary>
    Pos,
    /// <summary><c>size</c>: EXT's msbd + 1, INS's msb - lsb + 1 (the rd field).</summary>
    Size,
    /// <summary><c>c0</c>: MFC0/MTC0's register (rd) and select (bits 2:0).</summary>
    Cp0,
    /// <summary><c>code20</c>: SYSCALL's code, bits 25:6, omitted when 0.</summary>
    Code20,
    /// <summary><c>bcode</c>: BREAK's codes, bits 25:16 and 15:6 (<c>break 0x7,0x9</c>), omitted when 0.</summary>
    BreakCode,
    /// <summary><c>tcode</c>: a trap's code, bits 15:6, omitted when 0.</summary>
    TrapCode,
    /// <summary><c>hwr</c>: RDHWR's hardware register (rd) as <c>$N</c>.</summary>
    Hwr,
    /// <summary><c>stype</c>: SYNC's type (sa), omitted when 0.</summary>
    Stype,
    /// <summary><c>cc@rt</c> (bits 20:18) or <c>cc@sa</c> (bits 10:8): an FPU condition code, <c>$fccN</c>.</summary>
    Cc,
    /// <summary><c>fcr</c>: an FPU control register (rd) by name.</summary>
    Fcr,
}

/// <summary>One operand of a syntax: its kind, the bit field it occupies, and whether it is omitted when zero.</summary>
/// <param name="Shift">Lowest bit of the field (for <see cref="OperandKind.Mem"/>/<see cref="OperandKind.Index"/>: of the offset or index).</param>
/// <param name="Width">Width of the field in bits.</param>
/// <param name="Optional">Printed only when non-zero (objdump's <c>ei</c>, <c>bc1f</c> with cc 0, <c>teq a0,a1</c>).</param>
public readonly record struct Operand(OperandKind Kind, int Shift, int Width, bool Optional, string Token)
{
    public const int RsShift = 21, RtShift = 16, RdShift = 11, SaShift = 6;

    /// <summary>The field's value in <paramref name="word"/>.</summary>
    public uint Get(uint word) => (word >> Shift) & ((1u << Width) - 1);

    /// <summary><paramref name="word"/> with the field set to <paramref name="value"/> (truncated to the width).</summary>
    public uint Set(uint word, uint value)
    {
        var mask = ((1u << Width) - 1) << Shift;
        return (word & ~mask) | ((value << Shift) & mask);
    }

    /// <summary>Parses one syntax token (<c>rd</c>, <c>simm(rs)</c>, <c>cc@rt?</c> ...).</summary>
    public static Operand Parse(string token)
    {
        var optional = token.EndsWith('?');
        var t = optional ? token[..^1] : token;
        (OperandKind kind, int shift, int width) = t switch
        {
            "rs" => (OperandKind.Gpr, RsShift, 5),
            "rt" => (OperandKind.Gpr, RtShift, 5),
            "rd" => (OperandKind.Gpr, RdShift, 5),
            "fr" => (OperandKind.Fpr, RsShift, 5),
            "ft" => (OperandKind.Fpr, RtShift, 5),
            "fs" => (OperandKind.Fpr, RdShift, 5),
            "fd" => (OperandKind.Fpr, SaShift, 5),
            "zero" => (OperandKind.Zero, 0, 0),
            "sa" => (OperandKind.Hex5, SaShift, 5),
            "op@rt" => (OperandKind.Hex5, RtShift, 5),
            "op@rd" => (OperandKind.Hex5, RdShift, 5),
            "simm" => (OperandKind.SImm, 0, 16),
            "uimm" => (OperandKind.UImm, 0, 16),
            "simm(rs)" => (OperandKind.Mem, 0, 16),
            "rt(rs)" => (OperandKind.Index, RtShift, 5),
            "branch" => (OperandKind.Branch, 0, 16),
            "jump" => (OperandKind.Jump, 0, 26),
            "pos" => (OperandKind.Pos, SaShift, 5),
            "size" => (OperandKind.Size, RdShift, 5),
            "c0" => (OperandKind.Cp0, RdShift, 5),
            "code20" => (OperandKind.Code20, 6, 20),
            "bcode" => (OperandKind.BreakCode, 6, 20),
            "tcode" => (OperandKind.TrapCode, 6, 10),
            "hwr" => (OperandKind.Hwr, RdShift, 5),
            "stype" => (OperandKind.Stype, SaShift, 5),
            "cc@rt" => (OperandKind.Cc, 18, 3),
            "cc@sa" => (OperandKind.Cc, 8, 3),
            "fcr" => (OperandKind.Fcr, RdShift, 5),
            _ => throw new ArgumentException($"unknown operand '{token}' in an InstTable syntax"),
        };
        optional |= kind is OperandKind.Code20 or OperandKind.BreakCode or OperandKind.TrapCode or OperandKind.Stype;
        return new Operand(kind, shift, width, optional, token);
    }

    /// <summary>How many values <see cref="InstEncoder"/> takes for this operand (two for an address or MFC0's register and select).</summary>
    public int ValueCount => Kind switch
    {
        OperandKind.Zero => 0,
        OperandKind.Mem or OperandKind.Index or OperandKind.Cp0 or OperandKind.BreakCode => 2,
        _ => 1,
    };
}
