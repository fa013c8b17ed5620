using Emu.Emulator.HostMemory;
using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>
/// The VM as an MMU-notifier client (kvm_mmu_notifier_ops in virt/kvm/kvm_main.c with the MIPS handlers of
/// arch/mips/kvm/mmu.c: kvm_unmap_hva_range, kvm_set_spte_hva, kvm_age_hva, kvm_test_age_hva). Each callback
/// takes MmuLock, walks hva→gfn over the memslots (clipped to each slot) and flushes derived mappings when a
/// GPA PTE was removed or downgraded — only then, unlike the kernel's unconditional flush (bug B3).
/// </summary>
public sealed unsafe partial class Vm : IMmuNotifier
{
    /// <summary>The last retry seen by a fault (gfn, sequence read, sequence now, count now); for tests and traces.</summary>
    public (ulong Gfn, long SeqRead, long SeqNow, long CountNow) LastRetry { get; private set; }

    /// <summary>Test hook: runs on the faulting thread right after a retry decision (argument: the gfn).</summary>
    public Action<ulong>? AfterRetryHook { get; set; }

    internal void OnFaultRetry(ulong gfn, long seqRead)
    {
        LastRetry = (gfn, seqRead, MmuNotifierSeq, MmuNotifierCount);
        AfterRetryHook?.Invoke(gfn);
    }

    /// <summary>invalidate_range_start → kvm_unmap_hva_range: count++, zap, flush.</summary>
    public void InvalidateRangeStart(ulong hvaStart, ulong hvaEnd)
    {
        Interlocked.Increment(ref Stat.NotifierInvalidateRangeStart);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        var zappedTotal = 0;
        lock (MmuLock)
        {
            Interlocked.Increment(ref _mmuNotifierCount);
            var zapped = 0;
            foreach (var (_, gfnStart, gfnEnd) in Memslots.HvaRangeToGfns(hvaStart, hvaEnd))
            {
                zapped += GpaPageTable.Flush(gfnStart, gfnEnd);
                // The frames under these GPAs may come back with other bytes (balloon deflate, discard): every vCPU
                // drops its decoded code there, queued before the flush so a vCPU that acknowledges it has done so.
                foreach (var cpu in Vcpus)
                {
                    cpu.RequestCodeInvalidation(gfnStart << 12, (gfnEnd - gfnStart) << 12);
                }
            }
            if (zapped > 0)
            {
                Interlocked.Add(ref Stat.GpaPtesZapped, zapped);
                FlushShadowAll(FlushCause.Notifier);
            }
            zappedTotal = zapped;
        }
        TraceNotifier(NotifierKind.InvalidateRangeStart, hvaStart, hvaEnd, zappedTotal, start);
    }

    private static void TraceNotifier(NotifierKind kind, ulong hvaStart, ulong hvaEnd, long gfns, long start)
    {
        if (start != 0)
        {
            EmuKvmTrace.Notifier(kind, hvaStart, hvaEnd, gfns, EmuKvmTrace.ElapsedNs(start));
        }
    }

    /// <summary>invalidate_range_end: seq++ then count-- (the smp_wmb order that retry's smp_rmb pairs with).</summary>
    public void InvalidateRangeEnd(ulong hvaStart, ulong hvaEnd)
    {
        Interlocked.Increment(ref Stat.NotifierInvalidateRangeEnd);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        lock (MmuLock)
        {
            Interlocked.Increment(ref _mmuNotifierSeq);
            var count = Interlocked.Decrement(ref _mmuNotifierCount);
            if (count < 0)
            {
                throw new InvalidOperationException("mmu_notifier_count went negative: unbalanced invalidate_range_end");
            }
        }
        TraceNotifier(NotifierKind.InvalidateRangeEnd, hvaStart, hvaEnd, 0, start);
    }

    /// <summary>
    /// change_pte → kvm_set_spte_hva. The host calls it inside an invalidate pair, so the GPA PTE is normally
    /// gone already (bug B4: the kernel still wrote a PTE here). Emu only rewrites a PTE that is still present,
    /// never creates one: keeping it clean on a dirty-logged slot, write-protected on a read-only slot, and
    /// writable only if the new host PTE is.
    /// </summary>
    public void ChangePte(ulong hva, ulong newPfn, bool writable)
    {
        Interlocked.Increment(ref Stat.NotifierChangePte);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        var changed = 0;
        lock (MmuLock)
        {
            Interlocked.Increment(ref _mmuNotifierSeq);
            var flush = false;
            foreach (var (slot, gfnStart, gfnEnd) in Memslots.HvaRangeToGfns(hva, hva + HostMm.PageSize))
            {
                for (var gfn = gfnStart; gfn < gfnEnd; gfn++)
                {
                    var old = GpaPageTable.Lookup(gfn);
                    if (!old.IsPresent)
                    {
                        continue;
                    }
                    var updated = GpaPte.Make(newPfn, writable && !slot.IsReadOnly, old.IsYoung, old.IsDirty && writable && !slot.IsReadOnly);
                    if (slot.LogsDirtyPages && !old.IsDirty)
                    {
                        updated = updated.MkClean();
                    }
                    GpaPageTable.Update(gfn, updated);
                    changed++;
                    // kvm_set_spte_handler's rule: flush if the old PTE was young and the new one is
                    // older, cleaner, or points elsewhere.
                    flush |= old.IsYoung && (!updated.IsYoung || old.Pfn != updated.Pfn || (old.IsDirty && !updated.IsDirty));
                }
            }
            if (flush)
            {
                FlushShadowAll(FlushCause.Notifier);
            }
        }
        TraceNotifier(NotifierKind.ChangePte, hva, hva + HostMm.PageSize, changed, start);
    }

    /// <summary>clear_flush_young → kvm_age_hva + flush when anything was young.</summary>
    public bool ClearFlushYoung(ulong hvaStart, ulong hvaEnd)
    {
        Interlocked.Increment(ref Stat.NotifierClearFlushYoung);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        int aged;
        lock (MmuLock)
        {
            aged = AgeHva(hvaStart, hvaEnd);
            if (aged > 0)
            {
                FlushShadowAll(FlushCause.Aging);
            }
        }
        TraceNotifier(NotifierKind.ClearFlushYoung, hvaStart, hvaEnd, aged, start);
        return aged > 0;
    }

    /// <summary>clear_young → kvm_age_hva without a flush (page_idle): cached translations may keep a page busy unseen.</summary>
    public bool ClearYoung(ulong hvaStart, ulong hvaEnd)
    {
        Interlocked.Increment(ref Stat.NotifierClearYoung);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        int aged;
        lock (MmuLock)
        {
            aged = AgeHva(hvaStart, hvaEnd);
        }
        TraceNotifier(NotifierKind.ClearYoung, hvaStart, hvaEnd, aged, start);
        return aged > 0;
    }

    /// <summary>
    /// test_young → kvm_test_age_hva over [hva, hva + 4096). (The kernel passed (hva, hva), an empty range that
    /// matched no slot, so it always answered "old": bug B1.)
    /// </summary>
    public bool TestYoung(ulong hva)
    {
        Interlocked.Increment(ref Stat.NotifierTestYoung);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        var young = false;
        lock (MmuLock)
        {
            foreach (var (_, gfnStart, _) in Memslots.HvaRangeToGfns(hva, hva + HostMm.PageSize))
            {
                young |= GpaPageTable.Lookup(gfnStart).IsYoung;
            }
        }
        TraceNotifier(NotifierKind.TestYoung, hva, hva + HostMm.PageSize, young ? 1 : 0, start);
        return young;
    }

    /// <summary>release: the host address space is going away; drop every GPA PTE and derived mapping.</summary>
    public void Release()
    {
        Interlocked.Increment(ref Stat.NotifierRelease);
        var start = EmuKvmTrace.NotifierEnabled ? EmuKvmTrace.Timestamp() : 0;
        int zapped;
        lock (MmuLock)
        {
            zapped = GpaPageTable.Flush(0, ulong.MaxValue);
            FlushShadowAll(FlushCause.Release);
        }
        TraceNotifier(NotifierKind.Release, 0, ulong.MaxValue, zapped, start);
    }

    private int AgeHva(ulong hvaStart, ulong hvaEnd)
    {
        var aged = 0;
        foreach (var (_, gfnStart, gfnEnd) in Memslots.HvaRangeToGfns(hvaStart, hvaEnd))
        {
            aged += GpaPageTable.Modify(gfnStart, gfnEnd, static p => p.MkOld());
        }
        Interlocked.Add(ref Stat.GpaPtesAged, aged);
        return aged;
    }
}
