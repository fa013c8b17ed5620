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

    public override readonly string ToString() => $"{Op} rs={Rs} rt={Rt} rd={Rd} imm=0x{Imm:x}";
}
