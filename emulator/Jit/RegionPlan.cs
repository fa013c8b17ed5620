using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>How a planned block ends.</summary>
internal enum BlockEnd
{
    /// <summary>Its last two instructions are a branch or jump and its delay slot.</summary>
    Branch,
    /// <summary>The next instruction is not translated (it may trap, is privileged, an FPU op, a breakpoint).</summary>
    Untranslated,
    /// <summary>The next instruction is on the next page, or the region is full.</summary>
    Continue,
}

/// <summary>A straight run of translated instructions from <see cref="Start"/>, ended as <see cref="End"/> says.</summary>
internal sealed class PlannedBlock(uint start, int page)
{
    public uint Start { get; } = start;
    /// <summary>Index of its page in <see cref="PlannedRegion.Pages"/> (0: the region's own page, where its entries are).</summary>
    public int Page { get; } = page;
    /// <summary>Its instructions, a branch's delay slot included (none until planned; not `[]`, as in Region.Links).</summary>
    public DecodedInst[] Insts { get; set; } = new DecodedInst[0];
    public BlockEnd End { get; set; }
    /// <summary>
    /// The delay slot of the closing branch is the first word of the next page (a `jr ra` in a page's last word):
    /// translated as decoded now, behind a run-time check that the fetch would hit that same decoded instruction.
    /// </summary>
    public bool SlotOnNextPage { get; set; }
    /// <summary>PC after the block when it does not end in a branch.</summary>
    public uint NextPc => Start + (uint)(4 * Insts.Length);
}

/// <summary>A virtual page a region's blocks were planned from, and its decoded page (a <c>DecodedInst*</c>).</summary>
internal readonly record struct PlannedPage(uint VirtualBase, nint Code);

/// <summary>
/// A planned region: its blocks (entries first: the <see cref="EntryCount"/> blocks on page 0, in order) and the pages
/// they are on.
/// </summary>
internal sealed class PlannedRegion(List<PlannedBlock> blocks, PlannedPage[] pages, int entryCount)
{
    public List<PlannedBlock> Blocks { get; } = blocks;
    public PlannedPage[] Pages { get; } = pages;
    /// <summary>The blocks the region can be entered at (those on its own page) are Blocks[0 .. EntryCount), by entry index.</summary>
    public int EntryCount { get; } = entryCount;
}

/// <summary>
/// The blocks of a region: from the hot PC, every block reachable by fall-through and direct branches that has already
/// run (with a profile: see <see cref="Build{TE}"/>'s hasRun), breadth first, until the instruction cap, on the hot PC's
/// virtual page and on up to <see cref="MaxPages"/> - 1 others (a callee, the caller it returns to, the next page). A block on another page is planned only if the fetch from it hits the
/// GvaCache now (nothing is fetched here: that would have side effects), and the region checks at run time, at every
/// jump between its pages, that the fetch still hits the same decoded page, as the interpreter's fetch would find it;
/// otherwise it leaves there. A branch is translated only with its delay slot (an ordinary translated instruction);
/// otherwise the block stops before the branch and the interpreter runs both. Blocks may overlap (a branch into the
/// middle of a block starts another).
/// </summary>
internal static unsafe class RegionPlan
{
    /// <summary>Pages one region may span. Each costs a GvaCache check per jump onto it, and invalidations of any drop it.</summary>
    public const int MaxPages = 4;

    /// <param name="hasRun">
    /// Whether the interpreter has started a block at a slot of a decoded page (its hotness counter moved). A branch
    /// target or fall-through that never ran is left out: a jump there leaves the region. A hot loop's region then holds
    /// the loop, not the cold code after it, whose guest registers made RyuJIT spill the loop's to the stack.
    /// </param>
    public static PlannedRegion? Build<TE>(Mips32Cpu cpu, DecodedInst* code, byte* host, uint startPc, uint modeTag, int maxInstructions,
        Func<nint, int, bool> hasRun)
        where TE : struct, IEndian
    {
        // Arrays and plain loops here and in the emitter, not List<struct>, HashSet<uint> or LINQ: those generic
        // instantiations are in no ReadyToRun image, and JIT-compiling them cost every process ~10 ms at its first region.
        var pages = new PlannedPage[MaxPages];
        var hosts = new nint[MaxPages];
        pages[0] = new PlannedPage(startPc & 0xfffff000, (nint)code);
        hosts[0] = (nint)host;
        var pageCount = 1;
        var blocks = new List<PlannedBlock>();
        var seen = new ulong[MaxPages * CodeCache.SlotsPerPage / 64]; // a bit per slot of each planned page
        var queue = new BlockQueue(startPc);
        var insts = new DecodedInst[maxInstructions + 2]; // the block being planned (a branch may add two past the cap)
        var total = 0;
        while (queue.TryDequeue(out var start, out var mustHaveRun))
        {
            if (total >= maxInstructions)
            {
                continue;
            }
            var startSlot = (int)((start >> 2) & (CodeCache.SlotsPerPage - 1));
            var pageIndex = 0;
            while (pageIndex < pageCount && pages[pageIndex].VirtualBase != (start & 0xfffff000))
            {
                pageIndex++;
            }
            if (pageIndex == pageCount)
            {
                if (pageCount >= MaxPages || !TryFetchPage(cpu, start, modeTag, out var otherCode, out var otherHost) ||
                    (mustHaveRun && !hasRun((nint)otherCode, startSlot)))
                {
                    continue; // the jump there leaves the region
                }
                pages[pageCount] = new PlannedPage(start & 0xfffff000, (nint)otherCode);
                hosts[pageCount] = (nint)otherHost;
                pageCount++;
            }
            else if (mustHaveRun && !hasRun(pages[pageIndex].Code, startSlot))
            {
                continue; // cold so far: the jump there leaves the region (not marked seen: a page's continuation may come here)
            }
            var seenBit = pageIndex * CodeCache.SlotsPerPage + startSlot;
            if ((seen[seenBit >> 6] & (1ul << seenBit)) != 0)
            {
                continue;
            }
            seen[seenBit >> 6] |= 1ul << seenBit;
            var pageBase = pages[pageIndex].VirtualBase;
            code = (DecodedInst*)pages[pageIndex].Code;
            host = (byte*)hosts[pageIndex];
            var block = new PlannedBlock(start, pageIndex);
            var n = 0;
            var pc = start;
            while (true)
            {
                if (pc - pageBase >= 0x1000 || (total + n >= maxInstructions && n > 0))
                {
                    block.End = BlockEnd.Continue;
                    if (pc - pageBase >= 0x1000 && pc != 0)
                    {
                        queue.Enqueue(pc, mustHaveRun: false); // the next page's first instruction, a block of its own (no block start for the interpreter)
                    }
                    break;
                }
                var di = cpu.DecodeSlot<TE>(code, host, pc);
                if (!Translatable(cpu, di, pc, modeTag))
                {
                    block.End = BlockEnd.Untranslated;
                    break;
                }
                if (IsControl(di.Op))
                {
                    var slotPc = pc + 4;
                    DecodedInst slot;
                    if (slotPc - pageBase >= 0x1000)
                    {
                        // The slot's page must be a current fetch hit now (no fetch is made here: that would have side
                        // effects); the region checks again at run time that it still is, with the same decode.
                        if (slotPc == 0 || !TryNextPageSlot<TE>(cpu, slotPc, modeTag, out slot))
                        {
                            block.End = BlockEnd.Untranslated;
                            break;
                        }
                    }
                    else
                    {
                        slot = cpu.DecodeSlot<TE>(code, host, slotPc);
                    }
                    if (!Translatable(cpu, slot, slotPc, modeTag) || IsControl(slot.Op))
                    {
                        block.End = BlockEnd.Untranslated;
                        break;
                    }
                    insts[n++] = di;
                    insts[n++] = slot;
                    block.End = BlockEnd.Branch;
                    // After a slot on the next page the current code page is the slot's: the jump to a target in the region is
                    // checked like a jump between pages (RegionEmitter.EmitAfterSlot).
                    block.SlotOnNextPage = slotPc - pageBase >= 0x1000;
                    EnqueueSuccessors(ref queue, di, pc);
                    break;
                }
                insts[n++] = di;
                pc += 4;
            }
            if (n == 0)
            {
                if (blocks.Count == 0)
                {
                    return null; // the hot PC itself is not translated
                }
                continue; // a branch target the interpreter runs: the branch leaves the region there
            }
            block.Insts = new DecodedInst[n];
            Array.Copy(insts, block.Insts, n);
            total += n;
            blocks.Add(block);
        }
        // Entries first: the blocks on the region's own page, then the others, each in planning order. Pages whose blocks
        // all turned out empty stay listed: harmless (nothing jumps there), and indices stay put.
        var ordered = new List<PlannedBlock>(blocks.Count);
        foreach (var b in blocks)
        {
            if (b.Page == 0)
            {
                ordered.Add(b);
            }
        }
        var entryCount = ordered.Count;
        foreach (var b in blocks)
        {
            if (b.Page != 0)
            {
                ordered.Add(b);
            }
        }
        var planned = new PlannedPage[pageCount];
        Array.Copy(pages, planned, pageCount);
        return new PlannedRegion(ordered, planned, entryCount);
    }

    /// <summary>
    /// Block starts still to plan, first in first out (breadth first), each with whether it is planned only if it has run
    /// (branch successors; not the hot PC, nor a block's continuation onto the next page).
    /// </summary>
    private struct BlockQueue(uint first)
    {
        private uint[] _items = [first, 0, 0, 0, 0, 0, 0, 0];
        private bool[] _mustHaveRun = new bool[8];
        private int _head;
        private int _tail = 1;

        public void Enqueue(uint pc, bool mustHaveRun)
        {
            if (_tail == _items.Length)
            {
                var bigger = new uint[_items.Length * 2];
                Array.Copy(_items, bigger, _tail);
                _items = bigger;
                var flags = new bool[bigger.Length];
                Array.Copy(_mustHaveRun, flags, _tail);
                _mustHaveRun = flags;
            }
            _mustHaveRun[_tail] = mustHaveRun;
            _items[_tail++] = pc;
        }

        public bool TryDequeue(out uint pc, out bool mustHaveRun)
        {
            if (_head == _tail)
            {
                pc = 0;
                mustHaveRun = false;
                return false;
            }
            mustHaveRun = _mustHaveRun[_head];
            pc = _items[_head++];
            return true;
        }
    }

    /// <summary>The decoded page a fetch from <paramref name="pc"/> would use now: a GvaCache read hit that has decoded code.</summary>
    private static bool TryFetchPage(Mips32Cpu cpu, uint pc, uint modeTag, out DecodedInst* code, out byte* host)
    {
        var e = cpu.GvaTable + GvaCache.SlotOf(pc);
        if (e->ReadTag == GvaCache.KeyOf(pc, 4, modeTag) && e->Code != null)
        {
            code = e->Code;
            host = e->Host;
            return true;
        }
        code = null;
        host = null;
        return false;
    }

    private static bool TryNextPageSlot<TE>(Mips32Cpu cpu, uint slotPc, uint modeTag, out DecodedInst slot) where TE : struct, IEndian
    {
        if (TryFetchPage(cpu, slotPc, modeTag, out var code, out var host))
        {
            slot = cpu.DecodeSlot<TE>(code, host, slotPc);
            return true;
        }
        slot = default;
        return false;
    }

    /// <summary>Queues the direct successors of a branch at <paramref name="pc"/> (indirect jumps have none).</summary>
    private static void EnqueueSuccessors(ref BlockQueue queue, DecodedInst di, uint pc)
    {
        switch (di.Op)
        {
            case InstName.J:
                EnqueueTarget(ref queue, ((pc + 4) & 0xf0000000) | di.Imm);
                break;
            case InstName.Jal:
                EnqueueTarget(ref queue, ((pc + 4) & 0xf0000000) | di.Imm);
                queue.Enqueue(pc + 8, mustHaveRun: true); // the return point: a `jr ra` of this region may come back to it directly
                break;
            case InstName.Jr:
            case InstName.JrHb:
                break;
            case InstName.Jalr:
            case InstName.JalrHb:
                queue.Enqueue(pc + 8, mustHaveRun: true);
                break;
            default:
                EnqueueTarget(ref queue, pc + 4 + di.Imm);
                queue.Enqueue(pc + 8, mustHaveRun: true);
                break;
        }
    }

    private static void EnqueueTarget(ref BlockQueue queue, uint target)
    {
        if ((target & 3) == 0)
        {
            queue.Enqueue(target, mustHaveRun: true);
        }
    }

    private static bool Translatable(Mips32Cpu cpu, DecodedInst di, uint pc, uint modeTag) =>
        di.Op != Mips32Cpu.DebugTrapOp && IsTranslated(di.Op) && !cpu.BreakpointAt(pc) &&
        (!IsCp0(di.Op) || modeTag == 0);

    /// <summary>
    /// The CP0 instructions regions translate: DI and MFC0 (the kernel's interrupt masking, clock and exception-state
    /// reads: two thirds of the Debian boot's bail-outs). Only in kernel-mode regions, where CP0 is always usable (PRA
    /// §9: user mode needs Status.CU0, which the interpreter checks). Neither changes the mode or makes an interrupt
    /// deliverable, and an MFC0 reads at its own place in the batch (Count, Random, Cause depend on it).
    /// </summary>
    private static bool IsCp0(InstName op) => op is InstName.Mfc0 or InstName.Di;

    /// <summary>Branches and jumps with a delay slot (CP1's BC1x are FPU instructions: interpreted).</summary>
    public static bool IsControl(InstName op) => op is
        InstName.Beq or InstName.Bne or InstName.Blez or InstName.Bgtz or InstName.Bltz or InstName.Bgez or
        InstName.Bltzal or InstName.Bgezal or InstName.Beql or InstName.Bnel or InstName.Blezl or InstName.Bgtzl or
        InstName.Bltzl or InstName.Bgezl or InstName.Bltzall or InstName.Bgezall or
        InstName.J or InstName.Jal or InstName.Jr or InstName.JrHb or InstName.Jalr or InstName.JalrHb;

    /// <summary>
    /// What regions translate. Everything else is run by the interpreter: CP0 but DI and MFC0 (and those only in kernel
    /// mode: <see cref="IsCp0"/>), TLB, ERET, WAIT, CACHE, EI, RDHWR, SYSCALL/BREAK, the FPU and COP2 (mode and
    /// translation changes, interrupts made deliverable, or exceptions by design).
    /// LWL/LWR/SWL/SWR are translated like LW/SW: the aligned word's GvaCache hit inline, anything else bails; LL/SC
    /// likewise, with the link kept by the vCPU (RegionEmitter.Linked.cs).
    /// </summary>
    public static bool IsTranslated(InstName op) => IsControl(op) || op is
        InstName.Sll or InstName.Srl or InstName.Rotr or InstName.Sra or InstName.Sllv or InstName.Srlv or
        InstName.Rotrv or InstName.Srav or
        InstName.Add or InstName.Addu or InstName.Sub or InstName.Subu or InstName.And or InstName.Or or
        InstName.Xor or InstName.Nor or InstName.Slt or InstName.Sltu or InstName.Movz or InstName.Movn or
        InstName.Addi or InstName.Addiu or InstName.Slti or InstName.Sltiu or InstName.Andi or InstName.Ori or
        InstName.Xori or InstName.Lui or
        InstName.Clz or InstName.Clo or InstName.Seb or InstName.Seh or InstName.Wsbh or InstName.Ext or InstName.Ins or
        InstName.Mfhi or InstName.Mflo or InstName.Mthi or InstName.Mtlo or InstName.Mul or InstName.Mult or
        InstName.Multu or InstName.Madd or InstName.Maddu or InstName.Msub or InstName.Msubu or InstName.Div or
        InstName.Divu or
        InstName.Lw or InstName.Lh or InstName.Lhu or InstName.Lb or InstName.Lbu or InstName.Sw or InstName.Sh or
        InstName.Sb or InstName.Lwl or InstName.Lwr or InstName.Swl or InstName.Swr or InstName.Ll or InstName.Sc or
        InstName.Teq or InstName.Tne or InstName.Tge or InstName.Tgeu or InstName.Tlt or InstName.Tltu or
        InstName.Teqi or InstName.Tnei or InstName.Tgei or InstName.Tgeiu or InstName.Tlti or InstName.Tltiu or
        InstName.Sync or InstName.Synci or InstName.Pref or InstName.Mfc0 or InstName.Di;

    /// <summary>The GPR a translated instruction writes (0 when none), as the interpreter's cases assign it.</summary>
    public static int Destination(DecodedInst di) => di.Op switch
    {
        InstName.Sll or InstName.Srl or InstName.Rotr or InstName.Sra or InstName.Sllv or InstName.Srlv or InstName.Rotrv or
        InstName.Srav or InstName.Add or InstName.Addu or InstName.Sub or InstName.Subu or InstName.And or InstName.Or or
        InstName.Xor or InstName.Nor or InstName.Slt or InstName.Sltu or InstName.Movz or InstName.Movn or InstName.Clz or
        InstName.Clo or InstName.Seb or InstName.Seh or InstName.Wsbh or InstName.Mfhi or InstName.Mflo or InstName.Mul or
        InstName.Jalr or InstName.JalrHb => di.Rd,
        InstName.Addi or InstName.Addiu or InstName.Slti or InstName.Sltiu or InstName.Andi or InstName.Ori or InstName.Xori or
        InstName.Lui or InstName.Ext or InstName.Ins or InstName.Lw or InstName.Lh or InstName.Lhu or InstName.Lb or
        InstName.Lbu or InstName.Lwl or InstName.Lwr or InstName.Ll or InstName.Sc or InstName.Mfc0 or InstName.Di => di.Rt,
        InstName.Jal or InstName.Bltzal or InstName.Bgezal or InstName.Bltzall or InstName.Bgezall => 31,
        _ => 0,
    };

    /// <summary>Reads or writes HI/LO.</summary>
    public static bool UsesHiLo(InstName op) => op is
        InstName.Mfhi or InstName.Mflo or InstName.Mthi or InstName.Mtlo or InstName.Mult or InstName.Multu or
        InstName.Madd or InstName.Maddu or InstName.Msub or InstName.Msubu or InstName.Div or InstName.Divu;

    /// <summary>May leave the region before it runs (GvaCache miss, misalignment, overflow, trap, SC's slow cases).</summary>
    public static bool MayBail(InstName op) => op is
        InstName.Add or InstName.Sub or InstName.Addi or
        InstName.Lw or InstName.Lh or InstName.Lhu or InstName.Lb or InstName.Lbu or InstName.Sw or InstName.Sh or
        InstName.Sb or InstName.Lwl or InstName.Lwr or InstName.Swl or InstName.Swr or InstName.Ll or InstName.Sc or
        InstName.Teq or InstName.Tne or InstName.Tge or InstName.Tgeu or InstName.Tlt or InstName.Tltu or
        InstName.Teqi or InstName.Tnei or InstName.Tgei or InstName.Tgeiu or InstName.Tlti or InstName.Tltiu;
}
