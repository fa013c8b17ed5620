using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>Slots of the swap file holding a page now.</summary>
    public int SwapSlotsInUse
    {
        get
        {
            lock (_lock)
            {
                return _swap.SlotsInUse;
            }
        }
    }

    /// <summary>Bytes written to the swap file so far.</summary>
    public long SwapBytesWritten
    {
        get
        {
            lock (_lock)
            {
                return _swap.BytesWritten;
            }
        }
    }

    /// <summary>
    /// Reclaim (shrink_page_list → try_to_unmap → pageout, forced like MADV_PAGEOUT): every resident page of
    /// the range whose frame is exclusive (one mapping, no gup pin, not KSM, not the zero page) is written
    /// to the swap file and its frame freed. Shared or pinned frames are skipped, as try_to_unmap fails on
    /// a page with extra references. Order: InvalidateRangeStart over the range; per page: PTE becomes a swap
    /// entry, contents written (no one can write the frame any more), frame freed; InvalidateRangeEnd.
    /// Returns the number of pages swapped out.
    /// </summary>
    public int SwapOut(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var victims = new List<(HostVma Vma, int Index)>();
            foreach (var (vma, first, count) in _table.Spans(start, end))
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Present) && pte.Pfn != ZeroPfn
                        && (_frames.Flags(pte.Pfn) & FrameAllocator.FrameFlags.Ksm) == 0
                        && _frames.MapCount(pte.Pfn) == 1 && _frames.RefCount(pte.Pfn) == 1)
                    {
                        victims.Add((vma, i));
                    }
                }
            }
            if (victims.Count == 0)
            {
                return 0;
            }
            // Nothing can take a new reference while we hold the lock (gup needs it), and PutPage only
            // lowers counts, so the exclusivity checked above still holds.
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, i) in victims)
            {
                ref var pte = ref vma.Ptes[i];
                ulong pfn = pte.Pfn;
                int slot = _swap.Write(_frames.Address(pfn));
                pte.Pfn = 0;
                pte.SwapSlot = slot;
                pte.Flags = (pte.Flags & (HostPteFlags.Unmapped | HostPteFlags.ReadOnly)) | HostPteFlags.Swapped;
                _frames.UnmapRef(pfn);
            }
            NotifyInvalidateRangeEnd(start, end);
            HostMmStats.Add(ref Stats._swapOuts, victims.Count);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.SwapOut, start, victims.Count);
            return victims.Count;
        }
    }

    /// <summary>
    /// do_swap_page: read the slot into a new frame and free the slot. With the slot gone the frame is
    /// exclusive (reuse_swap_page succeeds), so it is mapped writable whenever the VMA allows writes.
    /// A not-present → present change needs no notifier. HostMm lock.
    /// </summary>
    private void SwapIn(ref HostPte pte, ulong pageHva)
    {
        ulong frame = _frames.Alloc();
        _swap.Read(pte.SwapSlot, _frames.Address(frame));
        _swap.Free(pte.SwapSlot);
        _frames.MapRef(frame);
        pte.Pfn = frame;
        pte.SwapSlot = 0;
        pte.Flags &= ~HostPteFlags.Swapped;
        pte.Flags |= HostPteFlags.Present | HostPteFlags.Dirty;
        if (!pte.Has(HostPteFlags.ReadOnly))
        {
            pte.Flags |= HostPteFlags.Writable;
        }
        HostMmStats.Inc(ref Stats._faultsSwapIn);
        EmuKvmTrace.HostMmEvent(HostMmEventKind.SwapIn, pageHva, 1);
    }
}
