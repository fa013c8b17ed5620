namespace Emu.Emulator.Jit;

/// <summary>
/// One compiled region: blocks reachable by direct branches from its first PC, on its page and up to three others
/// (<see cref="RegionPlan"/>), entered at any of its block starts on its own page. Its code is a delegate closed over
/// the region itself, so the code reaches its own chain slots (<see cref="Links"/>) and the vCPU's
/// <see cref="JitContext"/> without an argument.
/// </summary>
/// <remarks>
/// Keying (why a region can never run for the wrong code): a region hangs off the decoded page of one guest-physical
/// page (<see cref="JitPage"/>), so another physical page under the same virtual address never finds it; it is
/// valid only for the virtual page it was compiled for (<see cref="VirtualBase"/>: branch targets and link values
/// are baked in) and for the mode whose GvaCache tag bit it compares against (<see cref="ModeTag"/>: user vs kernel),
/// and both are checked on every lookup, so the same physical page reached at another virtual address or in the
/// other mode gets its own region. The ASID needs no key: a fetch reaches the region only through a GvaCache hit,
/// and the GvaCache is flushed on every ASID change. Endianness is fixed per vCPU (one JitEngine per vCPU, compiled
/// for its byte order). A chained jump (<see cref="ChainSlot"/>) repeats the same checks at run time. Its blocks on
/// other pages are reached only through a jump that checks that the GvaCache fetch entry of the target hits (same tag:
/// same virtual page and mode, under the current ASID) the decoded page they were planned from (<see cref="Spans"/>).
/// </remarks>
internal sealed unsafe class Region(JitContext context, uint virtualBase, uint modeTag, RegionSpan[] spans, int[] entrySlots,
    int instructions)
{
    /// <summary>The vCPU's context (the code's first load: the delegate is closed over this region).</summary>
    public readonly JitContext Context = context;
    public uint VirtualBase { get; } = virtualBase;
    public uint ModeTag { get; } = modeTag;
    /// <summary>
    /// The decoded page (a <c>DecodedInst*</c> of the vCPU's CodeCache) the region is entered on (its home page): a chain
    /// to this region from another virtual page is taken only while the GvaCache's fetch entry for the target still names it.
    /// </summary>
    public readonly nint CodePage = spans[0].Code;
    /// <summary>The slots it translated, per page it spans (the home page first; a page may appear twice under two virtual pages).</summary>
    public RegionSpan[] Spans { get; } = spans;
    /// <summary>Translation state of each page in <see cref="Spans"/>, each once, the home page first (set by the engine when planned).</summary>
    public JitPage[] Pages { get; set; } = [];
    /// <summary>Block starts, by entry index.</summary>
    public int[] EntrySlots { get; } = entrySlots;
    /// <summary>The compiled code (set once, by <see cref="RegionCompiler.Finish"/>, before the region is installed).</summary>
    public RegionCode Code = null!;
    public int Instructions { get; } = instructions;
    /// <summary>The PC it was compiled for (entry 0).</summary>
    public uint Pc => VirtualBase | (uint)(EntrySlots[0] << 2);

    /// <summary>Translated a slot of [first, end) of decoded page <paramref name="code"/>.</summary>
    public bool Covers(nint code, int first, int end)
    {
        foreach (var s in Spans)
        {
            if (s.Code == code && s.FirstSlot < end && s.EndSlot > first)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// False once the region was dropped (its decoded slots were invalidated or the code cache was dropped): chain slots
    /// of other regions may still name it, and test this before jumping to it. vCPU thread only, like every
    /// invalidation (other threads' code changes are applied by the vCPU when it re-enters guest mode).
    /// </summary>
    public bool Valid = true;

    /// <summary>
    /// One per exit that may chain (a direct exit to a block start outside the region, or an indirect jump); sized by
    /// <see cref="RegionCompiler.Finish"/> once emission has counted them. (Not `[]` until then: Array.Empty over a
    /// struct is a generic method no ReadyToRun image holds, JIT-compiled at the first region.)
    /// </summary>
    public ChainSlot[] Links = new ChainSlot[0];

    /// <summary>Guest instructions retired inside this region so far (its code adds them at each exit; `monitor jit` reads it stopped).</summary>
    public long InstructionsRun;
}

/// <summary>Slots [FirstSlot, EndSlot) of decoded page <see cref="Code"/> hold instructions a region translated.</summary>
internal readonly record struct RegionSpan(nint Code, int FirstSlot, int EndSlot);

/// <summary>
/// Where one exit of a region went last time the dispatcher looked: the guest PC and the region (and entry) it found
/// there. The exit jumps straight to that region while it is <see cref="Region.Valid"/>, the PC is the same and, for a
/// PC on another virtual page, the GvaCache fetch entry still hits the same decoded page (as the dispatcher's lookup
/// would); otherwise it returns to the dispatcher, which fills the slot again. QEMU's TB chaining and Dolphin's block
/// links patch a jump and unlink on invalidation; here the check is at run time, so there is nothing to unlink.
/// </summary>
internal struct ChainSlot
{
    public uint Pc;
    public int Entry;
    public Region? Target;
}
