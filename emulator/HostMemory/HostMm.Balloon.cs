using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    // Pages currently given to the balloon (page HVAs). HostMm lock. Made at the first inflate: a HashSet over ulong is
    // in no ReadyToRun image, and a run without balloon pressure need not JIT-compile it.
    private HashSet<ulong>? _ballooned;

    /// <summary>Pages currently inflated into the balloon.</summary>
    public int BalloonedPages
    {
        get
        {
            lock (_lock)
            {
                return _ballooned?.Count ?? 0;
            }
        }
    }

    /// <summary>
    /// Balloon inflate: the VMM discards the pages the guest gave up, madvise(MADV_DONTNEED) →
    /// zap_page_range: InvalidateRangeStart, every PTE zapped (frames freed unless someone else still
    /// holds them, swap slots freed), InvalidateRangeEnd. The next touch is demand-zero. Only use it on
    /// pages the guest no longer uses: discarding used pages destroys their data (as on Linux).
    /// Returns the number of pages that had backing (frame or swap slot).
    /// </summary>
    public int BalloonInflate(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var spans = _table.Spans(start, end);
            if (spans.Count == 0)
            {
                return 0;
            }
            int discarded = 0;
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, first, count) in spans)
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Unmapped))
                    {
                        continue;
                    }
                    if ((pte.Flags & (HostPteFlags.Present | HostPteFlags.Swapped)) != 0)
                    {
                        discarded++;
                    }
                    ZapPte(ref pte);
                    (_ballooned ??= []).Add(vma.PageHva(i));
                }
            }
            NotifyInvalidateRangeEnd(start, end);
            HostMmStats.Add(ref Stats._balloonInflated, (long)((end - start) / PageSize));
            EmuKvmTrace.HostMmEvent(HostMmEventKind.BalloonInflate, start, (long)((end - start) / PageSize));
            return discarded;
        }
    }

    /// <summary>
    /// Balloon deflate: the pages go back to the guest. Bookkeeping only: they are already demand-zero and
    /// the next touch faults them in; no host mapping changes, so no notifier. Returns pages deflated.
    /// </summary>
    public int BalloonDeflate(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            int n = 0;
            for (ulong p = start; p < end; p += PageSize)
            {
                if (_ballooned?.Remove(p) == true)
                {
                    n++;
                }
            }
            HostMmStats.Add(ref Stats._balloonDeflated, n);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.BalloonDeflate, hva, n);
            return n;
        }
    }
}
