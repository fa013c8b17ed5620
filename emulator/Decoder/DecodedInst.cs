using System.Runtime.InteropServices;

namespace Emu.Emulator.Decoder;

/// <summary>
/// An instruction word decoded once (then cached per guest physical page): the interpreter switches on
/// <see cref="Op"/> and reads pre-extracted fields, so no bit-twiddling happens per execution.
/// 8 bytes, so a 4 KiB page of code decodes into an 8 KiB array.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 8)]
public struct DecodedInst
{
    public InstName Op;
    public byte Rs;
    public byte Rt;
    public byte Rd;
    /// <summary>Pre-extended immediate; meaning depends on <see cref="OperandFormat"/>.</summary>
    public uint Imm;

    // Named views of the fields whose meaning depends on the row's OperandFormat (no extra storage: the interpreter's
    // layout stays 8 bytes). InstTable's syntax column names the same fields.

    /// <summary>EXT/INS: the field's lowest bit (the encoding's sa field; stored in <see cref="Rd"/>).</summary>
    public readonly int Pos => Rd;

    /// <summary>EXT: the mask of size bits (<see cref="Imm"/>); INS: the mask in place (mask &lt;&lt; pos).</summary>
    public readonly uint FieldMask => Imm;

    /// <summary>MFC0/MTC0: the CP0 register number (the rd field).</summary>
    public readonly int Cp0Reg => Rd;

    /// <summary>MFC0/MTC0: the select (bits 2:0, in <see cref="Imm"/>).</summary>
    public readonly int Sel => (int)Imm;

    /// <summary>R format: the sa field (shift amount, SYNC's stype, COP1's fd).</summary>
    public readonly int Sa => (int)(Imm & 31);

    /// <summary>COP1: the FPR fields (ft = rt, fs = rd, fd = sa, fr = rs).</summary>
    public readonly int Ft => Rt;

    /// <inheritdoc cref="Ft"/>
    public readonly int Fs => Rd;

    /// <inheritdoc cref="Ft"/>
    public readonly int Fd => (int)(Imm & 31);

    public override readonly string ToString() => $"{Op} rs={Rs} rt={Rt} rd={Rd} imm=0x{Imm:x}";
}
