using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// A fork-like COW share of [hva, hva+size) (copy_page_range for a private writable mapping):
    /// InvalidateRangeStart over the range; every resident page is write-protected in the parent and its
    /// frame gains a mapping held by the returned snapshot; InvalidateRangeEnd. Later writes through
    /// <see cref="FaultIn"/> break the sharing (wp_page_copy). Dispose the snapshot to drop its references.
    /// </summary>
    public CowSnapshot ShareCow(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var pfns = new ulong[(end - start) / PageSize];
            var snapshot = new CowSnapshot(this, start, pfns);
            var spans = _table.Spans(start, end);
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, first, count) in spans)
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (!pte.Has(HostPteFlags.Present))
                    {
                        continue;
                    }
                    // copy_present_pte: both sides read-only, the child holds a mapping of the same frame.
                    pte.Flags &= ~HostPteFlags.Writable;
                    _frames.MapRef(pte.Pfn);
                    pfns[(vma.PageHva(i) - start) / PageSize] = pte.Pfn;
                }
            }
            NotifyInvalidateRangeEnd(start, end);
            _snapshots.Add(snapshot);
            HostMmStats.Inc(ref Stats._cowSnapshots);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.CowShare, start, (long)((end - start) / PageSize));
            return snapshot;
        }
    }

    /// <summary>Live COW snapshots.</summary>
    public int SnapshotCount
    {
        get
        {
            lock (_lock)
            {
                return _snapshots.Count;
            }
        }
    }

    // The child exits: its mappings go; the parent's PTEs are untouched, so no notifier runs.
    internal void ReleaseSnapshot(CowSnapshot snapshot)
    {
        lock (_lock)
        {
            if (snapshot.Released || _disposed)
            {
                snapshot.Released = true;
                return;
            }
            snapshot.Released = true;
            _snapshots.Remove(snapshot);
            foreach (ulong pfn in snapshot.Pfns)
            {
                if (pfn != 0)
                {
                    _frames.UnmapRef(pfn);
                }
            }
        }
    }

    internal bool ReadSnapshotPage(CowSnapshot snapshot, int index, Span<byte> destination)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(snapshot.Released, snapshot);
            ulong pfn = snapshot.Pfns[index];
            if (pfn == 0)
            {
                return false;
            }
            _frames.Bytes(pfn).CopyTo(destination);
            return true;
        }
    }
}
