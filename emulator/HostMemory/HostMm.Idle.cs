using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// Idle page tracking, "mark idle" (page_idle_bitmap_write → page_idle_clear_pte_refs): every resident
    /// page of the range loses its host young bit and gets PG_idle; the notifiers' ClearYoung (no flush)
    /// ages the secondary MMU's view of the range. Returns true if any page (host or secondary) was young.
    /// </summary>
    public bool ClearYoung(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            bool young = false;
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (!pte.Has(HostPteFlags.Present))
                    {
                        continue;
                    }
                    young |= pte.Has(HostPteFlags.Young);
                    pte.Flags &= ~HostPteFlags.Young;
                    _frames.SetFlags(pte.Pfn, FrameAllocator.FrameFlags.Idle);
                }
            }
            foreach (var n in _notifiers)
            {
                HostMmStats.Inc(ref Stats._nClearYoung);
                young |= n.ClearYoung(start, end);
            }
            HostMmStats.Inc(ref Stats._idleClears);
            return young;
        }
    }

    /// <summary>
    /// Whether the page was accessed since it was last aged: the host young bit, or test_young of any
    /// notifier (ptep_test_young + mmu_notifier_test_young). Does not clear anything.
    /// </summary>
    public bool TestYoung(ulong hva)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var vma = _table.Find(hva, out int i);
            if (vma is null || !vma.Ptes[i].Has(HostPteFlags.Present))
            {
                return false;
            }
            if (vma.Ptes[i].Has(HostPteFlags.Young))
            {
                return true;
            }
            ulong page = vma.PageHva(i);
            foreach (var n in _notifiers)
            {
                HostMmStats.Inc(ref Stats._nTestYoung);
                if (n.TestYoung(page))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>
    /// page_idle "read": a resident page is idle if it is still PG_idle (no FaultIn / SetPfnAccessed since
    /// <see cref="ClearYoung"/>) and neither the host PTE nor any notifier reports it young. A page with no
    /// frame (never touched, swapped, ballooned) reports idle.
    /// </summary>
    public bool IsIdle(ulong hva)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var vma = _table.Find(hva, out int i);
            if (vma is null || !vma.Ptes[i].Has(HostPteFlags.Present))
            {
                return true;
            }
            ulong pfn = vma.Ptes[i].Pfn;
            if (pfn != ZeroPfn && (_frames.Flags(pfn) & FrameAllocator.FrameFlags.Idle) == 0)
            {
                return false;
            }
            return !TestYoung(hva);
        }
    }

    /// <summary>
    /// Reclaim-style aging (kswapd's page_referenced → ptep_clear_flush_young_notify), per resident page:
    /// referenced = host young bit or PG_referenced or the notifiers' ClearFlushYoung (which flushes the
    /// secondary MMU when it was young); all three are cleared. Returns the number of referenced pages.
    /// </summary>
    public int AgeRange(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            int referenced = 0;
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (!pte.Has(HostPteFlags.Present))
                    {
                        continue;
                    }
                    ulong page = vma.PageHva(i);
                    bool young = pte.Has(HostPteFlags.Young);
                    pte.Flags &= ~HostPteFlags.Young;
                    if (pte.Pfn != ZeroPfn)
                    {
                        young |= (_frames.Flags(pte.Pfn) & FrameAllocator.FrameFlags.Accessed) != 0;
                        _frames.ClearFlags(pte.Pfn, FrameAllocator.FrameFlags.Accessed);
                    }
                    foreach (var n in _notifiers)
                    {
                        HostMmStats.Inc(ref Stats._nClearFlushYoung);
                        young |= n.ClearFlushYoung(page, page + PageSize);
                    }
                    if (young)
                    {
                        referenced++;
                    }
                }
            }
            HostMmStats.Inc(ref Stats._agingPasses);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.Age, start, (long)((end - start) / PageSize));
            return referenced;
        }
    }
}
