using System.Runtime.InteropServices;
using Emu.Tracing;

namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// One KSM pass over [hva, hva+size) (ksm_do_scan, simplified): pages with equal contents are merged
    /// into one read-only KSM frame. Returns the number of pages merged away.
    /// <list type="number">
    /// <item>A checksum of every candidate page is taken without protection (calc_checksum: only a hint,
    /// a guest may be writing). Candidates are resident, non-zero-page frames with no reference beyond
    /// their mappings (page_count == mapcount, as write_protect_page requires: a gup-pinned page is never
    /// merged, its holder could write it behind the merge).</item>
    /// <item>For each group of equal checksums, each page is write-protected first (write_protect_page:
    /// InvalidateRangeStart, PTE loses write, ChangePte(hva, same pfn, writable: false),
    /// InvalidateRangeEnd), so nobody can change it any more, and only then compared byte for byte
    /// (memcmp_pages) with the pages already kept for the group.</item>
    /// <item>A page equal to a kept page is replaced by it (replace_page: InvalidateRangeStart, PTE points
    /// to the KSM frame read-only, ChangePte(hva, kpfn, writable: false), old frame's mapping dropped and the
    /// frame freed if it was the last, InvalidateRangeEnd). The kept frame becomes PageKsm.</item>
    /// </list>
    /// Write-protected pages that found no partner stay read-only until written (then wp_page_reuse).
    /// </summary>
    public int KsmMerge(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var groups = new Dictionary<ulong, List<(HostVma Vma, int Index)>>();
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (!IsKsmCandidate(pte))
                    {
                        continue;
                    }
                    ulong sum = Checksum(pte.Pfn);
                    if (!groups.TryGetValue(sum, out var list))
                    {
                        groups[sum] = list = [];
                    }
                    list.Add((vma, i));
                }
            }

            int merged = 0;
            var kept = new List<ulong>();
            foreach (var group in groups.Values)
            {
                if (group.Count < 2)
                {
                    continue;
                }
                kept.Clear();
                foreach (var (vma, i) in group)
                {
                    ref var pte = ref vma.Ptes[i];
                    // Re-check: an earlier replace in this pass may have changed this PTE's frame counts.
                    if (!IsKsmCandidate(pte))
                    {
                        continue;
                    }
                    ulong pageHva = vma.PageHva(i);
                    if (pte.Has(HostPteFlags.Writable))
                    {
                        NotifyInvalidateRangeStart(pageHva, pageHva + PageSize);
                        pte.Flags &= ~HostPteFlags.Writable;
                        NotifyChangePte(pageHva, pte.Pfn, writable: false);
                        NotifyInvalidateRangeEnd(pageHva, pageHva + PageSize);
                    }
                    ulong target = 0;
                    foreach (ulong k in kept)
                    {
                        if (k != pte.Pfn && _frames.RefCount(k) == _frames.MapCount(k) && _frames.Bytes(k).SequenceEqual(_frames.Bytes(pte.Pfn)))
                        {
                            target = k;
                            break;
                        }
                    }
                    if (target == 0)
                    {
                        if (!kept.Contains(pte.Pfn))
                        {
                            kept.Add(pte.Pfn);
                        }
                        continue;
                    }
                    ulong old = pte.Pfn;
                    NotifyInvalidateRangeStart(pageHva, pageHva + PageSize);
                    _frames.SetFlags(target, FrameAllocator.FrameFlags.Ksm);
                    _frames.MapRef(target);
                    pte.Pfn = target;
                    NotifyChangePte(pageHva, target, writable: false);
                    _frames.UnmapRef(old);
                    NotifyInvalidateRangeEnd(pageHva, pageHva + PageSize);
                    merged++;
                }
            }
            HostMmStats.Inc(ref Stats._ksmPasses);
            HostMmStats.Add(ref Stats._ksmMerges, merged);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.KsmMerge, hva, merged);
            return merged;
        }
    }

    /// <summary>A full ksmd scan: one <see cref="KsmMerge"/> pass over every mapping. Returns pages merged.</summary>
    public int KsmMergeAll()
    {
        int merged = 0;
        foreach (var (_, range) in Regions)
        {
            merged += KsmMerge(range.Start, range.Size);
        }
        return merged;
    }

    private bool IsKsmCandidate(in HostPte pte) =>
        pte.Has(HostPteFlags.Present) && pte.Pfn != ZeroPfn && _frames.RefCount(pte.Pfn) == _frames.MapCount(pte.Pfn);

    // A cheap 64-bit content hash (a hint only; merging always compares bytes).
    private ulong Checksum(ulong pfn)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(_frames.Bytes(pfn));
        ulong h = 0xcbf29ce484222325;
        foreach (ulong w in words)
        {
            h = (h ^ w) * 0x100000001b3;
            h ^= h >> 29;
        }
        return h;
    }
}
