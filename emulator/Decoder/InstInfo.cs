using System.Runtime.CompilerServices;

namespace Emu.Emulator.Decoder;

/// <summary>
/// The facts of one <see cref="InstTable"/> row, looked up by mnemonic: what an interpreter, a translator, a
/// disassembler or a debugger asks about an instruction. Built once from the table into an array indexed by
/// <see cref="InstName"/>, so <see cref="Of"/> is an array load (no dictionary, no allocation).
/// </summary>
/// <remarks>
/// Register facts are field references (<see cref="RegSet"/>); <see cref="GprReads"/> and <see cref="GprWrites"/>
/// turn them into masks of GPR numbers for one decoded instruction (bit n = GPR n; GPR 0 never appears: reading it
/// is a constant and writing it is discarded). <see cref="InstName.Reserved"/> has an entry of its own: it raises RI
/// and so ends a block.
/// </remarks>
public sealed class InstInfo
{
    private static readonly InstInfo[] s_byName = Build();

    private InstInfo(InstName name, InstEncoding? row, RegSet reads, RegSet writes, MemAccess mem, MayRaise raises, InstFlags flags)
    {
        Name = name;
        Row = row;
        Reads = reads;
        Writes = writes;
        Mem = mem;
        Raises = raises;
        Flags = flags;
    }

    public InstName Name { get; }

    /// <summary>The table row (pattern, syntax, decode format); null for Reserved and NotDecoded.</summary>
    public InstEncoding? Row { get; }

    /// <summary>GPR fields and HI/LO the instruction reads (a conditional destination is not listed: see <see cref="GprReads"/>).</summary>
    public RegSet Reads { get; }

    public RegSet Writes { get; }

    public MemAccess Mem { get; }

    public MayRaise Raises { get; }

    public InstFlags Flags { get; }

    /// <summary>The facts for <paramref name="name"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static InstInfo Of(InstName name) => s_byName[(byte)name];

    /// <summary>Bytes accessed (1, 2, 4, 8), or 0 when the instruction makes no data access.</summary>
    public int MemSize => (int)(Mem & MemAccess.SizeMask);

    public bool IsLoad => (Mem & MemAccess.Load) != 0;

    public bool IsStore => (Mem & MemAccess.Store) != 0;

    public bool IsBranch => (Flags & InstFlags.Branch) != 0;

    public bool IsJump => (Flags & InstFlags.Jump) != 0;

    public bool HasDelaySlot => (Flags & InstFlags.DelaySlot) != 0;

    public bool IsLikely => (Flags & InstFlags.Likely) != 0;

    public bool IsPrivileged => (Flags & InstFlags.Privileged) != 0;

    public bool IsFpu => (Flags & InstFlags.Fpu) != 0;

    /// <summary>The interpreter ends its batch after this instruction (<see cref="InstFlags.EndsBatch"/>).</summary>
    public bool EndsBatch => (Flags & InstFlags.EndsBatch) != 0;

    /// <summary>A translated block ends after this instruction (after its delay slot, if it has one).</summary>
    public bool EndsBlock => (Flags & InstFlags.EndsBlock) != 0;

    /// <summary>True when the instruction may raise an exception itself (a translator leaves its region before it).</summary>
    public bool MayRaiseAny => Raises != MayRaise.None;

    public bool ReadsHi => (Reads & RegSet.Hi) != 0;

    public bool ReadsLo => (Reads & RegSet.Lo) != 0;

    public bool WritesHi => (Writes & RegSet.Hi) != 0;

    public bool WritesLo => (Writes & RegSet.Lo) != 0;

    /// <summary>
    /// GPRs whose values the instruction's effect depends on, as a mask of GPR numbers: the row's reads, plus the
    /// destination of a conditional move (<see cref="InstFlags.ConditionalWrite"/>), whose old value survives when
    /// the condition fails.
    /// </summary>
    public uint GprReads(in DecodedInst d)
    {
        var set = Reads;
        if ((Flags & InstFlags.ConditionalWrite) != 0)
        {
            set |= Writes;
        }
        return Mask(set, d);
    }

    /// <summary>GPRs the instruction may write, as a mask of GPR numbers.</summary>
    public uint GprWrites(in DecodedInst d) => Mask(Writes, d);

    /// <summary><see cref="GprReads"/> of a decoded instruction's own row (the call a translator makes per instruction).</summary>
    public static uint GprReadsOf(in DecodedInst d) => Of(d.Op).GprReads(d);

    /// <summary><see cref="GprWrites"/> of a decoded instruction's own row.</summary>
    public static uint GprWritesOf(in DecodedInst d) => Of(d.Op).GprWrites(d);

    /// <summary>
    /// Turns field references into GPR numbers for a decoded instruction. Only formats whose <see cref="DecodedInst"/>
    /// fields hold the raw rs/rt/rd carry GPR references in those fields (EXT/INS keep their position in Rd, but
    /// their rows reference only rs and rt; MFC0/MTC0 keep the CP0 register in Rd and reference only rt).
    /// </summary>
    public static uint GprMask(RegSet set, in DecodedInst d) => Mask(set, d);

    private static uint Mask(RegSet set, in DecodedInst d)
    {
        uint m = 0;
        if ((set & RegSet.Rs) != 0)
        {
            m |= 1u << d.Rs;
        }
        if ((set & RegSet.Rt) != 0)
        {
            m |= 1u << d.Rt;
        }
        if ((set & RegSet.Rd) != 0)
        {
            m |= 1u << d.Rd;
        }
        if ((set & RegSet.R31) != 0)
        {
            m |= 1u << 31;
        }
        return m & ~1u;
    }

    public override string ToString() =>
        $"{Name}: reads {Reads}, writes {Writes}, mem {Mem}, raises {Raises}, flags {Flags}";

    private static InstInfo[] Build()
    {
        var infos = new InstInfo[256];
        for (var i = 0; i < infos.Length; i++)
        {
            infos[i] = new InstInfo((InstName)i, null, RegSet.None, RegSet.None, MemAccess.None, MayRaise.None, InstFlags.None);
        }
        infos[(int)InstName.Reserved] = new InstInfo(InstName.Reserved, null, RegSet.None, RegSet.None, MemAccess.None, MayRaise.RI, InstFlags.EndsBlock);
        foreach (var e in InstTable.Encodings)
        {
            infos[(int)e.Name] = new InstInfo(e.Name, e, e.Reads, e.Writes, e.Mem, e.Raises, e.Flags);
        }
        return infos;
    }
}
