namespace Emu.Emulator.Decoder;

/// <summary>How the decoder turns an encoding's fields into a <see cref="DecodedInst"/>.</summary>
public enum OperandFormat : byte
{
    /// <summary>No operands used.</summary>
    None,
    /// <summary>rs, rt, rd; Imm = sa (shift amount / sync type).</summary>
    R,
    /// <summary>rs, rt; Imm = sign-extended 16-bit immediate (ALU, load/store offset, trap).</summary>
    ISigned,
    /// <summary>rs, rt; Imm = zero-extended 16-bit immediate (ANDI/ORI/XORI).</summary>
    IZero,
    /// <summary>rt; Imm = immediate &lt;&lt; 16 (LUI).</summary>
    IUpper,
    /// <summary>rs, rt; Imm = sign-extended offset &lt;&lt; 2 (PC-relative branch).</summary>
    Branch,
    /// <summary>Imm = instr_index &lt;&lt; 2 (J/JAL; the region bits come from the delay slot's PC).</summary>
    Jump,
    /// <summary>EXT: rs, rt; Rd = lsb; Imm = mask of size bits.</summary>
    Ext,
    /// <summary>INS: rs, rt; Rd = lsb; Imm = field mask in place (mask &lt;&lt; lsb).</summary>
    Ins,
    /// <summary>MFC0/MTC0: rt; Rd = CP0 register; Imm = select.</summary>
    Cop0Move,
    /// <summary>Coprocessor instruction on an absent unit: Imm = coprocessor number (Cause.CE).</summary>
    CopNum,
    /// <summary>C.cond.fmt: rs, rt (ft), rd (fs); Imm = cond (funct 3:0) | cc (bits 10:8) &lt;&lt; 4.</summary>
    FpCompare,
}
