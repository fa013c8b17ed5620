namespace Emu.Emulator.Decoder;

/// <summary>
/// Turns an instruction word into a <see cref="DecodedInst"/> using <see cref="InstTable"/>. Rows are
/// bucketed by the primary opcode (bits 31:26) so a lookup scans only the few rows that can match
/// (the bucketing idea of Ryujinx's FastLookup / Spike's opcode map). Decoding happens once per word per
/// cached code page, so this is not on the per-instruction path.
/// </summary>
public static class InstDecoder
{
    private static readonly InstEncoding[][] s_buckets = BuildBuckets();

    public static InstEncoding? Lookup(uint word)
    {
        foreach (var e in s_buckets[word >> 26])
        {
            if (e.Matches(word))
            {
                return e;
            }
        }
        return null;
    }

    public static DecodedInst Decode(uint word)
    {
        var e = Lookup(word);
        if (e is null)
        {
            return new DecodedInst { Op = InstName.Reserved };
        }
        var d = new DecodedInst
        {
            Op = e.Name,
            Rs = (byte)((word >> 21) & 31),
            Rt = (byte)((word >> 16) & 31),
            Rd = (byte)((word >> 11) & 31),
        };
        var sa = (word >> 6) & 31;
        switch (e.Format)
        {
            case OperandFormat.None:
                break;
            case OperandFormat.R:
                d.Imm = sa;
                break;
            case OperandFormat.ISigned:
                d.Imm = (uint)(short)word;
                break;
            case OperandFormat.IZero:
                d.Imm = word & 0xffff;
                break;
            case OperandFormat.IUpper:
                d.Imm = word << 16;
                break;
            case OperandFormat.Branch:
                d.Imm = (uint)((short)word << 2);
                break;
            case OperandFormat.Jump:
                d.Imm = (word & 0x03ffffff) << 2;
                break;
            case OperandFormat.Ext:
                {
                    // EXT rt, rs, pos=sa, size=msbd+1 (rd field). pos+size > 32 is UNPREDICTABLE; Emu raises RI.
                    var size = ((word >> 11) & 31) + 1;
                    if (sa + size > 32)
                    {
                        return new DecodedInst { Op = InstName.Reserved };
                    }
                    d.Rd = (byte)sa;
                    d.Imm = (uint)((1UL << (int)size) - 1);
                    break;
                }
            case OperandFormat.Ins:
                {
                    // INS rt, rs, pos=sa(lsb), size=msb-lsb+1 with msb in the rd field; msb < lsb is UNPREDICTABLE → RI.
                    var msb = (word >> 11) & 31;
                    if (msb < sa)
                    {
                        return new DecodedInst { Op = InstName.Reserved };
                    }
                    var size = msb - sa + 1;
                    d.Rd = (byte)sa;
                    d.Imm = (uint)(((1UL << (int)size) - 1) << (int)sa);
                    break;
                }
            case OperandFormat.Cop0Move:
                d.Imm = word & 7;
                break;
            case OperandFormat.FpCompare:
                d.Imm = (word & 15) | (((word >> 8) & 7) << 4);
                break;
            case OperandFormat.CopNum:
                d.Imm = e.Name switch
                {
                    InstName.Cop2 or InstName.Lwc2 or InstName.Ldc2 or InstName.Swc2 or InstName.Sdc2 => 2u,
                    _ => 1u,
                };
                break;
        }
        return d;
    }

    private static InstEncoding[][] BuildBuckets()
    {
        var lists = new List<InstEncoding>[64];
        for (var i = 0; i < 64; i++)
        {
            lists[i] = [];
        }
        // A row fixes the primary opcode in all table rows, so it belongs to exactly one bucket. Fallback rows
        // go last, so they match only what the bucket's other rows do not. (Loops, not LINQ: this runs at every
        // start-up, where LINQ's iterators cost type loads.)
        foreach (var fallback in (ReadOnlySpan<bool>)[false, true])
        {
            foreach (var e in InstTable.Encodings)
            {
                if (((e.Flags & InstFlags.Fallback) != 0) == fallback)
                {
                    lists[e.Value >> 26].Add(e);
                }
            }
        }
        var buckets = new InstEncoding[64][];
        for (var i = 0; i < 64; i++)
        {
            buckets[i] = lists[i].ToArray();
        }
        return buckets;
    }
}
