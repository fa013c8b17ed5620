namespace Emu.Emulator.Decoder;

/// <summary>One row of the encoding table.</summary>
/// <param name="Pattern">32 characters (spaces ignored): '0'/'1' fixed bits, '.' any.</param>
public sealed record InstEncoding(string Pattern, InstName Name, OperandFormat Format, InstFlags Flags)
{
    private readonly (uint Mask, uint Value) _bits = Parse(Pattern);

    /// <summary>Bits that are fixed by the pattern.</summary>
    public uint Mask => _bits.Mask;

    /// <summary>Values of the fixed bits.</summary>
    public uint Value => _bits.Value;

    public bool Matches(uint word) => (word & Mask) == Value;

    private static (uint Mask, uint Value) Parse(string pattern)
    {
        var bits = pattern.Replace(" ", "", StringComparison.Ordinal);
        if (bits.Length != 32)
        {
            throw new ArgumentException($"encoding pattern must have 32 bits: '{pattern}'");
        }
        uint mask = 0, value = 0;
        for (var i = 0; i < 32; i++)
        {
            var bit = 1u << (31 - i);
            switch (bits[i])
            {
                case '0': mask |= bit; break;
                case '1': mask |= bit; value |= bit; break;
                case '.': break;
                default: throw new ArgumentException($"bad character '{bits[i]}' in pattern '{pattern}'");
            }
        }
        return (mask, value);
    }
}

/// <summary>
/// Every MIPS32 Release 2 integer encoding Emu executes, once (MIPS32 Architecture Vol II-A rev 6.06,
/// Table A.2-A.11 opcode maps). Fields: op(31:26) rs(25:21) rt(20:16) rd(15:11) sa(10:6) funct(5:0).
/// Fields the manual requires to be zero (or leaves UNPREDICTABLE when not) are decoded as QEMU 7.2 decodes them for
/// the 24Kf of its Malta board: where QEMU ignores such a field the pattern has '.', where it raises RI the pattern
/// has zeros; each row that differs from the manual's must-be-zero layout says so. tools/guest/decode executes
/// every value of each such field on Emu and on QEMU, and the guest-program tests require identical output.
/// Nothing else in Emu switches on opcode bits.
/// </summary>
public static class InstTable
{
    private const InstFlags B = InstFlags.Branch | InstFlags.DelaySlot;
    private const InstFlags BL = B | InstFlags.Likely;
    private const InstFlags Jmp = InstFlags.Jump | InstFlags.DelaySlot;
    private const InstFlags Ld = InstFlags.Load;
    private const InstFlags St = InstFlags.Store;
    private const InstFlags Priv = InstFlags.Privileged;
    private const InstFlags Cu = InstFlags.CopUnusable;
    private const InstFlags Tr = InstFlags.Trap;
    private const InstFlags End = InstFlags.EndsBatch;
    private const InstFlags Lnk = InstFlags.Link;
    private const InstFlags Fp = InstFlags.Fpu;
    private const InstFlags Fallback = InstFlags.Fallback;

#pragma warning disable IDE0055 // keep the table aligned like the manual's opcode maps
    public static readonly IReadOnlyList<InstEncoding> Encodings =
    [
        //      op     rs    rt    rd    sa    funct
        new("000000 ..... ..... ..... ..... 000000", InstName.Sll,     OperandFormat.R, 0), // rs ignored (QEMU)
        new("000000 00000 ..... ..... ..... 000010", InstName.Srl,     OperandFormat.R, 0),
        new("000000 00001 ..... ..... ..... 000010", InstName.Rotr,    OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 000011", InstName.Sra,     OperandFormat.R, 0), // rs ignored (QEMU)
        new("000000 ..... ..... ..... ..... 000100", InstName.Sllv,    OperandFormat.R, 0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... 00000 000110", InstName.Srlv,    OperandFormat.R, 0),
        new("000000 ..... ..... ..... 00001 000110", InstName.Rotrv,   OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 000111", InstName.Srav,    OperandFormat.R, 0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... 0.... 001000", InstName.Jr,      OperandFormat.R, Jmp), // rt, rd, hint ignored (QEMU):
        new("000000 ..... ..... ..... 1.... 001000", InstName.JrHb,    OperandFormat.R, Jmp), // every hint runs as JR
        new("000000 ..... ..... ..... 00000 001001", InstName.Jalr,    OperandFormat.R, Jmp | Lnk), // rt ignored; hint 0 or
        new("000000 ..... ..... ..... 10000 001001", InstName.JalrHb,  OperandFormat.R, Jmp | Lnk), // 16 (.HB), else RI
        new("000000 ..... ..... ..... ..... 001010", InstName.Movz,    OperandFormat.R, 0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 001011", InstName.Movn,    OperandFormat.R, 0), // sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 001100", InstName.Syscall, OperandFormat.None, Tr),
        new("000000 ..... ..... ..... ..... 001101", InstName.Break,   OperandFormat.None, Tr),
        new("000000 ..... ..... ..... ..... 001111", InstName.Sync,    OperandFormat.R, 0), // rs, rt, rd ignored (QEMU)
        new("000000 ...00 ..... ..... ..... 010000", InstName.Mfhi,    OperandFormat.R, 0), // rs[1:0] is a DSP
        new("000000 ..... ..... ...00 ..... 010001", InstName.Mthi,    OperandFormat.R, 0), // accumulator: RI without
        new("000000 ...00 ..... ..... ..... 010010", InstName.Mflo,    OperandFormat.R, 0), // the DSP ASE; the rest
        new("000000 ..... ..... ...00 ..... 010011", InstName.Mtlo,    OperandFormat.R, 0), // of the fields ignored
        new("000000 ..... ..... ...00 ..... 011000", InstName.Mult,    OperandFormat.R, 0), // rd[1:0]: DSP accumulator
        new("000000 ..... ..... ...00 ..... 011001", InstName.Multu,   OperandFormat.R, 0), // (RI); sa ignored
        new("000000 ..... ..... ..... ..... 011010", InstName.Div,     OperandFormat.R, 0), // rd, sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 011011", InstName.Divu,    OperandFormat.R, 0), // rd, sa ignored (QEMU)
        new("000000 ..... ..... ..... ..... 100000", InstName.Add,     OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 100001", InstName.Addu,    OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 100010", InstName.Sub,     OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 100011", InstName.Subu,    OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 100100", InstName.And,     OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 100101", InstName.Or,      OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 100110", InstName.Xor,     OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 100111", InstName.Nor,     OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 101010", InstName.Slt,     OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 101011", InstName.Sltu,    OperandFormat.R, 0),
        new("000000 ..... ..... ..... ..... 110000", InstName.Tge,     OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 110001", InstName.Tgeu,    OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 110010", InstName.Tlt,     OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 110011", InstName.Tltu,    OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 110100", InstName.Teq,     OperandFormat.R, Tr),
        new("000000 ..... ..... ..... ..... 110110", InstName.Tne,     OperandFormat.R, Tr),
        new("000000 ..... ...0. ..... 00000 000001", InstName.Movci,   OperandFormat.R, Fp),

        //      op     rs    rt    immediate
        new("000001 ..... 00000 ................", InstName.Bltz,    OperandFormat.Branch, B),
        new("000001 ..... 00001 ................", InstName.Bgez,    OperandFormat.Branch, B),
        new("000001 ..... 00010 ................", InstName.Bltzl,   OperandFormat.Branch, BL),
        new("000001 ..... 00011 ................", InstName.Bgezl,   OperandFormat.Branch, BL),
        new("000001 ..... 01000 ................", InstName.Tgei,    OperandFormat.ISigned, Tr),
        new("000001 ..... 01001 ................", InstName.Tgeiu,   OperandFormat.ISigned, Tr),
        new("000001 ..... 01010 ................", InstName.Tlti,    OperandFormat.ISigned, Tr),
        new("000001 ..... 01011 ................", InstName.Tltiu,   OperandFormat.ISigned, Tr),
        new("000001 ..... 01100 ................", InstName.Teqi,    OperandFormat.ISigned, Tr),
        new("000001 ..... 01110 ................", InstName.Tnei,    OperandFormat.ISigned, Tr),
        new("000001 ..... 10000 ................", InstName.Bltzal,  OperandFormat.Branch, B | Lnk),
        new("000001 ..... 10001 ................", InstName.Bgezal,  OperandFormat.Branch, B | Lnk),
        new("000001 ..... 10010 ................", InstName.Bltzall, OperandFormat.Branch, BL | Lnk),
        new("000001 ..... 10011 ................", InstName.Bgezall, OperandFormat.Branch, BL | Lnk),
        new("000001 ..... 11111 ................", InstName.Synci,   OperandFormat.ISigned, 0),

        new("000010 ..........................", InstName.J,       OperandFormat.Jump, Jmp),
        new("000011 ..........................", InstName.Jal,     OperandFormat.Jump, Jmp | Lnk),
        new("000100 ..... ..... ................", InstName.Beq,     OperandFormat.Branch, B),
        new("000101 ..... ..... ................", InstName.Bne,     OperandFormat.Branch, B),
        new("000110 ..... 00000 ................", InstName.Blez,    OperandFormat.Branch, B),
        new("000111 ..... 00000 ................", InstName.Bgtz,    OperandFormat.Branch, B),
        new("001000 ..... ..... ................", InstName.Addi,    OperandFormat.ISigned, Tr),
        new("001001 ..... ..... ................", InstName.Addiu,   OperandFormat.ISigned, 0),
        new("001010 ..... ..... ................", InstName.Slti,    OperandFormat.ISigned, 0),
        new("001011 ..... ..... ................", InstName.Sltiu,   OperandFormat.ISigned, 0),
        new("001100 ..... ..... ................", InstName.Andi,    OperandFormat.IZero, 0),
        new("001101 ..... ..... ................", InstName.Ori,     OperandFormat.IZero, 0),
        new("001110 ..... ..... ................", InstName.Xori,    OperandFormat.IZero, 0),
        new("001111 ..... ..... ................", InstName.Lui,     OperandFormat.IUpper, 0), // rs ignored (QEMU)

        //      op     rs    rt    rd    sa    funct
        new("010000 00000 ..... ..... ..... ......", InstName.Mfc0,    OperandFormat.Cop0Move, Priv), // bits 10:3
        new("010000 00100 ..... ..... ..... ......", InstName.Mtc0,    OperandFormat.Cop0Move, Priv | End), // ignored
        new("010000 01010 ..... ..... ..... ......", InstName.Rdpgpr,  OperandFormat.R, Priv), // bits 10:0 ignored
        new("010000 01110 ..... ..... ..... ......", InstName.Wrpgpr,  OperandFormat.R, Priv), // (QEMU)
        new("010000 01011 ..... 01100 00000 000000", InstName.Di,      OperandFormat.R, Priv | End),
        new("010000 01011 ..... 01100 00000 100000", InstName.Ei,      OperandFormat.R, Priv | End),
        new("010000 10000 ..... ..... ..... 000001", InstName.Tlbr,    OperandFormat.None, Priv | End), // CO ops: QEMU decodes
        new("010000 10000 ..... ..... ..... 000010", InstName.Tlbwi,   OperandFormat.None, Priv | End), // rs and the
        new("010000 10000 ..... ..... ..... 000110", InstName.Tlbwr,   OperandFormat.None, Priv | End), // function only,
        new("010000 10000 ..... ..... ..... 001000", InstName.Tlbp,    OperandFormat.None, Priv), // bits 20:6 ignored
        new("010000 10000 ..... ..... ..... 011000", InstName.Eret,    OperandFormat.None, Priv | End),
        new("010000 1.... ..... ..... ..... 100000", InstName.Wait,    OperandFormat.None, Priv | End),
        new("010001 ..........................", InstName.Cop1,    OperandFormat.CopNum, Fp | Fallback),
        new("010010 ..........................", InstName.Cop2,    OperandFormat.CopNum, Cu),
        new("010011 ..........................", InstName.Cop1x,   OperandFormat.CopNum, Fp | Fallback),
        new("010100 ..... ..... ................", InstName.Beql,    OperandFormat.Branch, BL),
        new("010101 ..... ..... ................", InstName.Bnel,    OperandFormat.Branch, BL),
        new("010110 ..... ..... ................", InstName.Blezl,   OperandFormat.Branch, BL), // rt ignored (QEMU),
        new("010111 ..... ..... ................", InstName.Bgtzl,   OperandFormat.Branch, BL), // unlike BLEZ/BGTZ

        new("011100 ..... ..... ...00 ..... 000000", InstName.Madd,    OperandFormat.R, 0), // rd[1:0]: DSP accumulator
        new("011100 ..... ..... ...00 ..... 000001", InstName.Maddu,   OperandFormat.R, 0), // (RI); rd[4:2] and sa
        new("011100 ..... ..... ..... ..... 000010", InstName.Mul,     OperandFormat.R, 0), // ignored (QEMU)
        new("011100 ..... ..... ...00 ..... 000100", InstName.Msub,    OperandFormat.R, 0),
        new("011100 ..... ..... ...00 ..... 000101", InstName.Msubu,   OperandFormat.R, 0),
        new("011100 ..... ..... ..... ..... 100000", InstName.Clz,     OperandFormat.R, 0), // sa ignored (QEMU)
        new("011100 ..... ..... ..... ..... 100001", InstName.Clo,     OperandFormat.R, 0),

        new("011111 ..... ..... ..... ..... 000000", InstName.Ext,     OperandFormat.Ext, 0),
        new("011111 ..... ..... ..... ..... 000100", InstName.Ins,     OperandFormat.Ins, 0),
        new("011111 ..... ..... ..... 00010 100000", InstName.Wsbh,    OperandFormat.R, 0), // rs ignored (QEMU)
        new("011111 ..... ..... ..... 10000 100000", InstName.Seb,     OperandFormat.R, 0),
        new("011111 ..... ..... ..... 11000 100000", InstName.Seh,     OperandFormat.R, 0),
        new("011111 ..... ..... ..... ..... 111011", InstName.Rdhwr,   OperandFormat.R, 0), // rs, sel ignored (QEMU)

        new("100000 ..... ..... ................", InstName.Lb,      OperandFormat.ISigned, Ld),
        new("100001 ..... ..... ................", InstName.Lh,      OperandFormat.ISigned, Ld),
        new("100010 ..... ..... ................", InstName.Lwl,     OperandFormat.ISigned, Ld),
        new("100011 ..... ..... ................", InstName.Lw,      OperandFormat.ISigned, Ld),
        new("100100 ..... ..... ................", InstName.Lbu,     OperandFormat.ISigned, Ld),
        new("100101 ..... ..... ................", InstName.Lhu,     OperandFormat.ISigned, Ld),
        new("100110 ..... ..... ................", InstName.Lwr,     OperandFormat.ISigned, Ld),
        new("101000 ..... ..... ................", InstName.Sb,      OperandFormat.ISigned, St),
        new("101001 ..... ..... ................", InstName.Sh,      OperandFormat.ISigned, St),
        new("101010 ..... ..... ................", InstName.Swl,     OperandFormat.ISigned, St),
        new("101011 ..... ..... ................", InstName.Sw,      OperandFormat.ISigned, St),
        new("101110 ..... ..... ................", InstName.Swr,     OperandFormat.ISigned, St),
        new("101111 ..... ..... ................", InstName.Cache,   OperandFormat.ISigned, Priv),
        new("110000 ..... ..... ................", InstName.Ll,      OperandFormat.ISigned, Ld),
        new("110001 ..... ..... ................", InstName.Lwc1,    OperandFormat.ISigned, Ld | Fp),
        new("110010 ..........................", InstName.Lwc2,    OperandFormat.CopNum, Cu),
        new("110011 ..... ..... ................", InstName.Pref,    OperandFormat.ISigned, 0),
        new("110101 ..... ..... ................", InstName.Ldc1,    OperandFormat.ISigned, Ld | Fp),
        new("110110 ..........................", InstName.Ldc2,    OperandFormat.CopNum, Cu),
        new("111000 ..... ..... ................", InstName.Sc,      OperandFormat.ISigned, St),
        new("111001 ..... ..... ................", InstName.Swc1,    OperandFormat.ISigned, St | Fp),
        new("111010 ..........................", InstName.Swc2,    OperandFormat.CopNum, Cu),
        new("111101 ..... ..... ................", InstName.Sdc1,    OperandFormat.ISigned, St | Fp),
        new("111110 ..........................", InstName.Sdc2,    OperandFormat.CopNum, Cu),

        // ---- COP1 / COP1X: the 24Kf FPU (MIPS32 Vol II-A Table A.11-A.20; semantics in emulator/Cpu/Fpu). ----
        // COP1: op(31:26) fmt(25:21) ft(20:16) fs(15:11) fd(10:6) funct(5:0); R format puts fd in Imm.
        new("010001 00000 ..... ..... 00000 000000", InstName.Mfc1, OperandFormat.R, Fp),
        new("010001 00010 ..... ..... 00000 000000", InstName.Cfc1, OperandFormat.R, Fp),
        new("010001 00011 ..... ..... 00000 000000", InstName.Mfhc1, OperandFormat.R, Fp),
        new("010001 00100 ..... ..... 00000 000000", InstName.Mtc1, OperandFormat.R, Fp),
        new("010001 00110 ..... ..... 00000 000000", InstName.Ctc1, OperandFormat.R, Fp),
        new("010001 00111 ..... ..... 00000 000000", InstName.Mthc1, OperandFormat.R, Fp),
        // BC1F/BC1T(L): rt = cc(3) nd tf.
        new("010001 01000 ...00 ................", InstName.Bc1f, OperandFormat.Branch, B | Fp),
        new("010001 01000 ...01 ................", InstName.Bc1t, OperandFormat.Branch, B | Fp),
        new("010001 01000 ...10 ................", InstName.Bc1fl, OperandFormat.Branch, BL | Fp),
        new("010001 01000 ...11 ................", InstName.Bc1tl, OperandFormat.Branch, BL | Fp),
        // fmt = S
        new("010001 10000 ..... ..... ..... 000000", InstName.AddS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ..... 000001", InstName.SubS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ..... 000010", InstName.MulS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ..... 000011", InstName.DivS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 000100", InstName.SqrtS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 000101", InstName.AbsS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 000110", InstName.MovS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 000111", InstName.NegS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001000", InstName.RoundLS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001001", InstName.TruncLS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001010", InstName.CeilLS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001011", InstName.FloorLS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001100", InstName.RoundWS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001101", InstName.TruncWS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001110", InstName.CeilWS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 001111", InstName.FloorWS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 010101", InstName.RecipS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 010110", InstName.RsqrtS, OperandFormat.R, Fp),
        new("010001 10000 ...0. ..... ..... 010001", InstName.MovcfS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ..... 010010", InstName.MovzS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ..... 010011", InstName.MovnS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 100001", InstName.CvtDS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 100100", InstName.CvtWS, OperandFormat.R, Fp),
        new("010001 10000 00000 ..... ..... 100101", InstName.CvtLS, OperandFormat.R, Fp),
        new("010001 10000 ..... ..... ...00 11....", InstName.CCondS, OperandFormat.FpCompare, Fp),
        // fmt = D
        new("010001 10001 ..... ..... ..... 000000", InstName.AddD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ..... 000001", InstName.SubD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ..... 000010", InstName.MulD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ..... 000011", InstName.DivD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 000100", InstName.SqrtD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 000101", InstName.AbsD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 000110", InstName.MovD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 000111", InstName.NegD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001000", InstName.RoundLD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001001", InstName.TruncLD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001010", InstName.CeilLD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001011", InstName.FloorLD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001100", InstName.RoundWD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001101", InstName.TruncWD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001110", InstName.CeilWD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 001111", InstName.FloorWD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 010101", InstName.RecipD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 010110", InstName.RsqrtD, OperandFormat.R, Fp),
        new("010001 10001 ...0. ..... ..... 010001", InstName.MovcfD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ..... 010010", InstName.MovzD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ..... 010011", InstName.MovnD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 100000", InstName.CvtSD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 100100", InstName.CvtWD, OperandFormat.R, Fp),
        new("010001 10001 00000 ..... ..... 100101", InstName.CvtLD, OperandFormat.R, Fp),
        new("010001 10001 ..... ..... ...00 11....", InstName.CCondD, OperandFormat.FpCompare, Fp),
        // fmt = W, L
        new("010001 10100 00000 ..... ..... 100000", InstName.CvtSW, OperandFormat.R, Fp),
        new("010001 10100 00000 ..... ..... 100001", InstName.CvtDW, OperandFormat.R, Fp),
        new("010001 10101 00000 ..... ..... 100000", InstName.CvtSL, OperandFormat.R, Fp),
        new("010001 10101 00000 ..... ..... 100001", InstName.CvtDL, OperandFormat.R, Fp),
        // COP1X: base(25:21) index(20:16) fs(15:11) fd(10:6); MADD family: fr(25:21) ft fs fd op4 fmt3.
        new("010011 ..... ..... 00000 ..... 000000", InstName.Lwxc1, OperandFormat.R, Ld | Fp),
        new("010011 ..... ..... 00000 ..... 000001", InstName.Ldxc1, OperandFormat.R, Ld | Fp),
        new("010011 ..... ..... 00000 ..... 000101", InstName.Luxc1, OperandFormat.R, Ld | Fp),
        new("010011 ..... ..... ..... 00000 001000", InstName.Swxc1, OperandFormat.R, St | Fp),
        new("010011 ..... ..... ..... 00000 001001", InstName.Sdxc1, OperandFormat.R, St | Fp),
        new("010011 ..... ..... ..... 00000 001101", InstName.Suxc1, OperandFormat.R, St | Fp),
        new("010011 ..... ..... ..... 00000 001111", InstName.Prefx, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 100000", InstName.MaddS, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 100001", InstName.MaddD, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 101000", InstName.MsubS, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 101001", InstName.MsubD, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 110000", InstName.NmaddS, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 110001", InstName.NmaddD, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 111000", InstName.NmsubS, OperandFormat.R, Fp),
        new("010011 ..... ..... ..... ..... 111001", InstName.NmsubD, OperandFormat.R, Fp),
    ];
#pragma warning restore IDE0055

    private static readonly InstFlags[] s_flagsByName = BuildFlags();

    /// <summary>Metadata for a mnemonic (Reserved and NotDecoded have none).</summary>
    public static InstFlags FlagsOf(InstName name) => s_flagsByName[(int)name];

    private static InstFlags[] BuildFlags()
    {
        var flags = new InstFlags[256];
        foreach (var e in Encodings)
        {
            flags[(int)e.Name] = e.Flags;
        }
        return flags;
    }
}
