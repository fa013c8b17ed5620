using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// Translation state of one decoded page (one guest-physical page while the <see cref="CodeCache"/> keeps it): a
/// hotness counter and a region entry per instruction slot. Dropped per slot range when the page's decoded slots
/// are (so a data store beside code drops only the regions that cover the stored bytes). vCPU thread only.
/// </summary>
internal sealed class JitPage
{
    /// <summary>Counter value meaning "the instruction here cannot start a region": stop counting.</summary>
    public const int NotTranslatable = int.MinValue;

    /// <summary>Counter value meaning "a region starting here is being compiled in the background": stop counting.</summary>
    public const int Compiling = int.MinValue + 1;

    public readonly int[] Heat = new int[CodeCache.SlotsPerPage];
    public readonly Region?[] Entries = new Region?[CodeCache.SlotsPerPage];
    public readonly short[] EntryIndex = new short[CodeCache.SlotsPerPage];
    /// <summary>
    /// How often a region entered here was dropped (saturating): each drop doubles the heat needed to compile here
    /// again, so code whose page keeps being invalidated (self-modifying code, host unmaps under memory pressure) is
    /// interpreted instead of recompiled at 0.3–1 ms a time.
    /// </summary>
    public readonly byte[] Drops = new byte[CodeCache.SlotsPerPage];
    public readonly List<Region> Regions = [];
    /// <summary>Regions planned from this page and handed to the <see cref="RegionCompileWorker"/>, not yet installed.</summary>
    public readonly List<Region> Pending = [];

    public void Add(Region region)
    {
        for (var i = 0; i < region.EntrySlots.Length; i++)
        {
            var slot = region.EntrySlots[i];
            Entries[slot] = region;
            EntryIndex[slot] = (short)i;
        }
        Regions.Add(region);
    }

    /// <summary>Drops every region that covers a slot of [first, end); returns how many (traced for <paramref name="vcpuId"/>).</summary>
    public int Invalidate(int first, int end, int vcpuId)
    {
        var dropped = 0;
        for (var i = Regions.Count - 1; i >= 0; i--)
        {
            var r = Regions[i];
            if (r.FirstSlot >= end || r.EndSlot <= first)
            {
                continue;
            }
            foreach (var slot in r.EntrySlots)
            {
                if (ReferenceEquals(Entries[slot], r))
                {
                    Entries[slot] = null;
                }
                Heat[slot] = 0; // hot again before it is compiled again (self-modifying code does not recompile each time)
                if (Drops[slot] < 16)
                {
                    Drops[slot]++;
                }
            }
            r.Valid = false; // chain slots of other regions may still name it: they test this before jumping
            Regions.RemoveAt(i);
            dropped++;
            JitTrace.RegionInvalidated(vcpuId, r, JitTrace.CodeChanged);
        }
        for (var i = Pending.Count - 1; i >= 0; i--)
        {
            var r = Pending[i];
            if (r.FirstSlot < end && r.EndSlot > first)
            {
                // Planned from code that is gone: the vCPU throws it away when the worker hands it back. Not counted or
                // traced as dropped (it was never compiled, as far as the stats and the trace know).
                r.Valid = false;
                Pending.RemoveAt(i);
                foreach (var slot in r.EntrySlots)
                {
                    if (Heat[slot] == Compiling)
                    {
                        Heat[slot] = 0;
                    }
                }
                if (Drops[r.EntrySlots[0]] < 16)
                {
                    Drops[r.EntrySlots[0]]++;
                }
            }
        }
        for (var slot = first; slot < end; slot++)
        {
            if (Heat[slot] == NotTranslatable)
            {
                Heat[slot] = 0; // a slot that could not start a region may now hold another instruction
            }
        }
        return dropped;
    }
}
