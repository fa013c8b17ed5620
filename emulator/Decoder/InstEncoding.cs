namespace Emu.Emulator.Decoder;

/// <summary>
/// One row of <see cref="InstTable"/>: an encoding and every per-instruction fact Emu keeps about it.
/// </summary>
/// <param name="Pattern">32 characters (spaces ignored): '0'/'1' fixed bits, '.' any.</param>
/// <param name="Name">The mnemonic's dispatch key.</param>
/// <param name="Syntax">
/// Assembly syntax as GNU objdump prints it: the mnemonic, then operands named by field (see <see cref="Syntax.InstSyntax"/>
/// for the vocabulary: <c>rd, rs, rt</c>, <c>simm(rs)</c>, <c>pos, size</c>, <c>c0</c> for MFC0's register and
/// select...). Empty for encodings Emu only recognises to raise an exception (COP2, unassigned COP1): those
/// disassemble as <c>.word</c>. The disassembler, the assembler and the test encoders all read this string.
/// </param>
/// <param name="Format">How the decoder packs fields into <see cref="DecodedInst"/>.</param>
/// <param name="Reads">GPRs (by field) and HI/LO read.</param>
/// <param name="Writes">GPRs (by field) and HI/LO written.</param>
/// <param name="Mem">The data access: size, direction, unaligned/linked form.</param>
/// <param name="Raises">Exceptions the instruction itself may raise (see <see cref="MayRaise"/> for what is not listed).</param>
/// <param name="Flags">Control flow and mode: branch, jump, delay slot, likely, privileged, ends batch/block, FPU.</param>
public sealed record InstEncoding(
    string Pattern, InstName Name, string Syntax, OperandFormat Format,
    RegSet Reads, RegSet Writes, MemAccess Mem, MayRaise Raises, InstFlags Flags)
{
    private readonly (uint Mask, uint Value) _bits = Parse(Pattern);

    /// <summary>Bits that are fixed by the pattern.</summary>
    public uint Mask => _bits.Mask;

    /// <summary>Values of the fixed bits.</summary>
    public uint Value => _bits.Value;

    public bool Matches(uint word) => (word & Mask) == Value;

    // One pass over the pattern, spaces skipped (no copy without them first).
    private static (uint Mask, uint Value) Parse(string pattern)
    {
        uint mask = 0, value = 0;
        var n = 0;
        foreach (var c in pattern)
        {
            if (c == ' ')
            {
                continue;
            }
            var bit = n < 32 ? 1u << (31 - n) : 0;
            n++;
            switch (c)
            {
                case '0': mask |= bit; break;
                case '1': mask |= bit; value |= bit; break;
                case '.': break;
                default: throw new ArgumentException($"bad character '{c}' in pattern '{pattern}'");
            }
        }
        if (n != 32)
        {
            throw new ArgumentException($"encoding pattern must have 32 bits: '{pattern}'");
        }
        return (mask, value);
    }
}
