using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// Translation state of one decoded page (one guest-physical page while the <see cref="CodeCache"/> keeps it): a
/// hotness counter and a region entry per instruction slot, and every region that translated any of its slots (those
/// entered here, and those entered on another page that jump onto this one). A region is dropped, from every page it
/// spans, when slots it covers on any of them are (so a data store beside code drops only the regions that cover the
/// stored bytes). vCPU thread only.
/// </summary>
internal sealed class JitPage(nint code)
{
    /// <summary>Counter value meaning "the instruction here cannot start a region": stop counting.</summary>
    public const int NotTranslatable = int.MinValue;

    /// <summary>Counter value meaning "a region starting here is being compiled in the background": stop counting.</summary>
    public const int Compiling = int.MinValue + 1;

    /// <summary>The decoded page (<c>DecodedInst*</c>) this state belongs to.</summary>
    public nint Code { get; } = code;

    public readonly int[] Heat = new int[CodeCache.SlotsPerPage];
    public readonly Region?[] Entries = new Region?[CodeCache.SlotsPerPage];
    public readonly short[] EntryIndex = new short[CodeCache.SlotsPerPage];
    /// <summary>
    /// How often a region entered here was dropped (saturating): each drop doubles the heat needed to compile here
    /// again, so code whose page keeps being invalidated (self-modifying code, host unmaps under memory pressure) is
    /// interpreted instead of recompiled at 0.3–1 ms a time.
    /// </summary>
    public readonly byte[] Drops = new byte[CodeCache.SlotsPerPage];
    /// <summary>Installed regions with slots on this page (entered here or elsewhere).</summary>
    public readonly List<Region> Regions = [];
    /// <summary>Regions with slots on this page handed to the <see cref="RegionCompileWorker"/>, not yet installed.</summary>
    public readonly List<Region> Pending = [];

    /// <summary>Makes the region's block starts on this page (its home page) its entries.</summary>
    public void AddEntries(Region region)
    {
        for (var i = 0; i < region.EntrySlots.Length; i++)
        {
            var slot = region.EntrySlots[i];
            Entries[slot] = region;
            EntryIndex[slot] = (short)i;
        }
    }

    /// <summary>A region entered here was dropped: its entries go, and its block starts must get hot again.</summary>
    public void RemoveEntries(Region region)
    {
        foreach (var slot in region.EntrySlots)
        {
            if (ReferenceEquals(Entries[slot], region))
            {
                Entries[slot] = null;
            }
            if (Heat[slot] is >= 0 or Compiling)
            {
                Heat[slot] = 0; // hot again before it is compiled again (self-modifying code does not recompile each time)
            }
            if (Drops[slot] < 16)
            {
                Drops[slot]++;
            }
        }
    }

    /// <summary>
    /// Slots [first, end) of this page changed: adds to <paramref name="hit"/> the installed and pending regions that
    /// translated any of them (the engine drops those from every page), and lets slots that could not start a region try again.
    /// </summary>
    public void SlotsChanged(int first, int end, List<Region> hit)
    {
        foreach (var r in Regions)
        {
            if (r.Covers(Code, first, end))
            {
                hit.Add(r);
            }
        }
        foreach (var r in Pending)
        {
            if (r.Covers(Code, first, end))
            {
                hit.Add(r);
            }
        }
        for (var slot = first; slot < end; slot++)
        {
            if (Heat[slot] == NotTranslatable)
            {
                Heat[slot] = 0; // a slot that could not start a region may now hold another instruction
            }
        }
    }
}
