using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

/// <summary>
/// Machine snapshots on top of the COW share (Snapshot/MachineSnapshot.cs): a complete share of a range, and putting
/// a share's frames back (the VMM's "loadvm" without copying: the parent maps the snapshot's frames again, shared
/// copy-on-write, so a snapshot can be loaded many times and only pages written afterwards cost a frame).
/// </summary>
public sealed unsafe partial class HostMm
{
    /// <summary>
    /// <see cref="ShareCow"/> over a range that must be captured whole: swapped-out pages are swapped in first (the COW
    /// share does not share swap slots), so every page is either held by the snapshot or was never touched (zero).
    /// Atomic with respect to other HostMm operations (the lock is held throughout).
    /// </summary>
    public CowSnapshot ShareCowComplete(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Swapped))
                    {
                        // A new mapping: no secondary MMU holds a translation for it, so no notifier (as FaultIn).
                        SwapIn(ref pte, vma.PageHva(i));
                    }
                }
            }
            return ShareCow(hva, size);
        }
    }

    /// <summary>
    /// Maps <paramref name="snapshot"/>'s frames back over its range: a page whose frame is still the snapshot's is left
    /// alone; any other page loses its frame or swap slot and maps the snapshot's frame read-only (a later write breaks
    /// the sharing as for any COW page); a page the snapshot did not hold (never touched) becomes demand-zero again.
    /// One InvalidateRangeStart/End pair brackets the whole range (the VM zaps its GPA PTEs and drops derived
    /// mappings and decoded code there). Returns the number of pages that changed.
    /// </summary>
    public int RestoreCow(CowSnapshot snapshot)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            ObjectDisposedException.ThrowIf(snapshot.Released, snapshot);
            var start = snapshot.Hva;
            var end = start + ((ulong)snapshot.PageCount * PageSize);
            var changed = 0;
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Unmapped))
                    {
                        continue;
                    }
                    var want = snapshot.Pfns[(vma.PageHva(i) - start) / PageSize];
                    if (pte.Has(HostPteFlags.Present) ? pte.Pfn == want : want == 0 && !pte.Has(HostPteFlags.Swapped))
                    {
                        // Still the snapshot's frame: it was never writable since the share (the snapshot's reference
                        // makes any write copy), so the bytes are the snapshot's.
                        continue;
                    }
                    ZapPte(ref pte);
                    if (want != 0)
                    {
                        _frames.MapRef(want);
                        pte.Pfn = want;
                        pte.Flags |= HostPteFlags.Present | HostPteFlags.Young;
                    }
                    changed++;
                }
            }
            NotifyInvalidateRangeEnd(start, end);
            return changed;
        }
    }

    /// <summary>
    /// Frames the snapshots hold that the range no longer maps (what they cost), counting a frame once when two
    /// snapshots next to each other in <paramref name="snapshots"/> (oldest first) hold it at the same page.
    /// </summary>
    public long CountSnapshotOnlyPages(IReadOnlyList<CowSnapshot> snapshots)
    {
        lock (_lock)
        {
            long n = 0;
            if (snapshots.Count == 0)
            {
                return 0;
            }
            var first = snapshots[0];
            var start = first.Hva;
            var end = start + ((ulong)first.PageCount * PageSize);
            foreach (var (vma, f, count) in _table.Spans(start, end))
            {
                for (int i = f; i < f + count; i++)
                {
                    var page = (vma.PageHva(i) - start) / PageSize;
                    var parent = vma.Ptes[i].Has(HostPteFlags.Present) ? vma.Ptes[i].Pfn : 0;
                    ulong previous = 0;
                    foreach (var s in snapshots)
                    {
                        if (s.Released || s.Hva != start || page >= (ulong)s.PageCount)
                        {
                            continue;
                        }
                        var pfn = s.Pfns[page];
                        if (pfn > ZeroPfn && pfn != parent && pfn != previous)
                        {
                            n++;
                        }
                        previous = pfn;
                    }
                }
            }
            return n;
        }
    }
}
