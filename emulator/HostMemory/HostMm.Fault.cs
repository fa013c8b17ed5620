using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// get_user_pages for one page (hva_to_pfn's slow path): demand-zero on first touch (a read maps the
    /// shared zero page read-only), swap-in, and on a write break COW/KSM/zero-page sharing (firing
    /// notifiers, see <see cref="BreakSharing"/>). Takes a reference on the frame (release it with
    /// <see cref="PutPage"/>; the zero page needs none but PutPage accepts it). <paramref name="writable"/> =
    /// the host PTE is writable after the call: always for a successful write fault; for a read fault only
    /// if it already was (hva_to_pfn's "fast gup for write" probe), so zero/COW/KSM pages come back read-only.
    /// Returns false (ERR_FAULT) for an HVA outside any mapping or a write to a read-only (mprotect) one.
    /// Must not be called with the VM's MmuLock held: it may run the notifiers.
    /// </summary>
    public bool FaultIn(ulong hva, bool write, out ulong pfn, out bool writable)
    {
        pfn = 0;
        writable = false;
        lock (_lock)
        {
            ThrowIfDisposed();
            var vma = _table.Find(hva, out int index);
            if (vma is null || vma.Ptes[index].Has(HostPteFlags.Unmapped) || (write && vma.Ptes[index].Has(HostPteFlags.ReadOnly)))
            {
                // find_vma fails, or the VMA lacks VM_WRITE: gup returns -EFAULT.
                HostMmStats.Inc(ref Stats._faultsError);
                return false;
            }
            ref var pte = ref vma.Ptes[index];
            ulong pageHva = vma.PageHva(index);

            if (!pte.Has(HostPteFlags.Present))
            {
                if (pte.Has(HostPteFlags.Swapped))
                {
                    SwapIn(ref pte, hva & ~(ulong)(PageSize - 1));
                }
                else if (!write && _options.UseZeroPage)
                {
                    // do_anonymous_page, read: map the zero page read-only.
                    pte.Pfn = ZeroPfn;
                    pte.Flags |= HostPteFlags.Present;
                    HostMmStats.Inc(ref Stats._faultsZeroPage);
                }
                else
                {
                    // do_anonymous_page: a new zeroed exclusive frame, writable and dirty if the VMA allows writes.
                    ulong fresh = _frames.Alloc();
                    _frames.Bytes(fresh).Clear();
                    _frames.MapRef(fresh);
                    pte.Pfn = fresh;
                    pte.Flags |= HostPteFlags.Present;
                    if (!pte.Has(HostPteFlags.ReadOnly))
                    {
                        pte.Flags |= HostPteFlags.Writable | HostPteFlags.Dirty;
                    }
                    HostMmStats.Inc(ref Stats._faultsDemandZero);
                    EmuKvmTrace.HostMmEvent(HostMmEventKind.DemandZero, hva & ~(ulong)(PageSize - 1), 1);
                }
            }

            if (write && !pte.Has(HostPteFlags.Writable))
            {
                BreakSharing(ref pte, pageHva);
            }

            pte.Flags |= HostPteFlags.Young;
            if (write)
            {
                pte.Flags |= HostPteFlags.Dirty;
            }
            // gup marks the page accessed; any access ends page_idle's idle state.
            _frames.ClearFlags(pte.Pfn, FrameAllocator.FrameFlags.Idle);
            _frames.Get(pte.Pfn);
            pfn = pte.Pfn;
            writable = pte.Has(HostPteFlags.Writable);
            return true;
        }
    }

    /// <summary>
    /// do_wp_page for a write to a present, read-only PTE in a writable VMA. An exclusive, non-KSM frame
    /// (only this mapping holds it: page_count == 1) is made writable in place (wp_page_reuse; no notifier, the
    /// mapping only gains permission). Otherwise mirrors wp_page_copy(): allocate and copy (or zero, for the
    /// zero page) first; InvalidateRangeStart; replace the PTE and ChangePte(hva, new, writable: true); drop
    /// the old frame's mapping (it may be freed now, after start); InvalidateRangeEnd.
    /// Checking page_count rather than mapcount also copies when a gup reference is outstanding, which is
    /// the later-fixed semantics (a pinned page must not be reused by the other side of a COW).
    /// </summary>
    private void BreakSharing(ref HostPte pte, ulong pageHva)
    {
        ulong old = pte.Pfn;
        bool ksm = old != ZeroPfn && (_frames.Flags(old) & FrameAllocator.FrameFlags.Ksm) != 0;
        if (old != ZeroPfn && !ksm && _frames.RefCount(old) == 1)
        {
            pte.Flags |= HostPteFlags.Writable | HostPteFlags.Dirty;
            HostMmStats.Inc(ref Stats._faultsWriteReuse);
            return;
        }

        ulong copy = _frames.Alloc();
        if (old == ZeroPfn)
        {
            _frames.Bytes(copy).Clear();
        }
        else
        {
            _frames.Bytes(old).CopyTo(_frames.Bytes(copy));
        }

        NotifyInvalidateRangeStart(pageHva, pageHva + PageSize);
        _frames.MapRef(copy);
        pte.Pfn = copy;
        pte.Flags |= HostPteFlags.Writable | HostPteFlags.Dirty | HostPteFlags.Young;
        NotifyChangePte(pageHva, copy, writable: true);
        _frames.UnmapRef(old);
        NotifyInvalidateRangeEnd(pageHva, pageHva + PageSize);

        if (old == ZeroPfn)
        {
            HostMmStats.Inc(ref Stats._faultsZeroPageBreak);
        }
        else if (ksm)
        {
            HostMmStats.Inc(ref Stats._faultsKsmBreak);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.KsmBreak, pageHva, 1);
        }
        else
        {
            HostMmStats.Inc(ref Stats._faultsCowBreak);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.CowBreak, pageHva, 1);
        }
    }
}
