using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>
/// One vCPU's GPA fault handling: _kvm_mips_map_page_fast and kvm_mips_map_page (arch/mips/kvm/mmu.c, as
/// changed by the seed commit "KVM: MIPS/MMU: Implement KVM_CAP_SYNC_MMU"). Runs on the vCPU thread, outside
/// guest mode. Owns the vCPU's memory cache (one spare PTE table, topped up before MmuLock is taken).
/// </summary>
public sealed class GpaFaultHandler
{
    private readonly Vm _vm;
    private readonly VcpuStat _stat;
    private ulong[]? _memcache;

    public GpaFaultHandler(Vm vm, VcpuStat stat, int vcpuId = 0)
    {
        _vm = vm;
        _stat = stat;
        _vcpuId = vcpuId;
    }

    private readonly int _vcpuId;

    /// <summary>The path the last successful <see cref="MapPage"/> took, and how many retries it needed.</summary>
    public GpaFaultPath LastPath { get; private set; }

    public int LastRetries { get; private set; }

    /// <summary>
    /// Resolves <paramref name="gpa"/> for a read or write (kvm_mips_map_page): fast path first, then the slow
    /// path with the notifier retry protocol. On <see cref="GpaFaultResult.Mapped"/>, <paramref name="pte"/> is
    /// the PTE as installed; its frame stays valid until a notifier zaps it and flushes the vCPU.
    /// </summary>
    public GpaFaultResult MapPage(ulong gpa, bool writeFault, out GpaPte pte)
    {
        var gfn = gpa >> 12;
        LastRetries = 0;
        var start = EmuKvmTrace.FaultsEnabled ? EmuKvmTrace.Timestamp() : 0;
        var srcuIdx = _vm.Srcu.ReadLock();
        GpaFaultResult result;
        try
        {
            if (TryFastPath(gfn, writeFault, out pte))
            {
                LastPath = GpaFaultPath.Fast;
                _stat.GpaFaultsFast++;
                result = GpaFaultResult.Mapped;
            }
            else
            {
                result = SlowPath(gfn, writeFault, out pte);
                if (result == GpaFaultResult.Mapped)
                {
                    LastPath = GpaFaultPath.Slow;
                    _stat.GpaFaultsSlow++;
                }
            }
        }
        finally
        {
            _vm.Srcu.ReadUnlock(srcuIdx);
        }
        if (start != 0)
        {
            TraceFault(gpa, writeFault, result, start);
        }
        return result;
    }

    /// <summary>One GpaFault event per fault, at its end, with the path, outcome, retries and duration.</summary>
    private void TraceFault(ulong gpa, bool write, GpaFaultResult result, long start)
    {
        var (path, outcome) = result switch
        {
            GpaFaultResult.Mapped => (LastPath == GpaFaultPath.Fast ? FaultPath.Fast : FaultPath.Slow, FaultResult.Mapped),
            GpaFaultResult.HostFault => (FaultPath.HostFault, FaultResult.Error),
            _ => (FaultPath.Mmio, FaultResult.Mmio),
        };
        EmuKvmTrace.GpaFault(_vcpuId, gpa, write, path, outcome, LastRetries, EmuKvmTrace.ElapsedNs(start));
    }

    /// <summary>
    /// _kvm_mips_map_page_fast: under MmuLock, a present PTE is made young; a write to a clean page dirties it
    /// only if it is writable (and records it in the dirty log); a write to a clean, non-writable page (COW, KSM,
    /// read-only slot or host mapping) falls to the slow path.
    /// </summary>
    private bool TryFastPath(ulong gfn, bool writeFault, out GpaPte pte)
    {
        var dirtied = false;
        lock (_vm.MmuLock)
        {
            pte = _vm.GpaPageTable.Lookup(gfn);
            if (!pte.IsPresent)
            {
                return false;
            }
            var updated = pte;
            if (!updated.IsYoung)
            {
                updated = updated.MkYoung();
            }
            if (writeFault && !updated.IsDirty)
            {
                if (!updated.IsWritable)
                {
                    return false;
                }
                updated = updated.MkDirty();
                _vm.Memslots.Find(gfn)?.MarkDirty(gfn);
                dirtied = true;
            }
            if (updated != pte)
            {
                _vm.GpaPageTable.Update(gfn, updated);
                pte = updated;
            }
            if (dirtied)
            {
                // Under the lock, while the PTE still maps the frame (avoids the reference's bug B5).
                _vm.HostMm.SetPfnDirty(updated.Pfn);
            }
        }
        return true;
    }

    /// <summary>kvm_mips_map_page's slow path (KVM-MIPS-MMU.md §4.2), with the retry of §6.1.</summary>
    private GpaFaultResult SlowPath(ulong gfn, bool writeFault, out GpaPte pte)
    {
        pte = GpaPte.None;
        // mmu_topup_memory_cache: allocate before taking MmuLock, never under it.
        _memcache = GpaPageTable.TopUp(_memcache);
        while (true)
        {
            // Read the sequence BEFORE looking at the host PTE; Volatile.Read is the smp_rmb that keeps the
            // host lookup below from being satisfied before it.
            var mmuSeq = _vm.MmuNotifierSeq;

            // gfn_to_pfn_prot, outside every KVM lock: may fault the page in, swap in or break COW (which
            // fires notifiers on this very thread).
            var slot = _vm.Memslots.Find(gfn);
            if (slot is null || slot.IsInvalid)
            {
                return GpaFaultResult.NoSlot;
            }
            if (writeFault && slot.IsReadOnly)
            {
                return GpaFaultResult.ReadOnlySlotWrite;
            }
            if (!_vm.HostMm.FaultIn(slot.GfnToHva(gfn), writeFault, out var pfn, out var writable))
            {
                return GpaFaultResult.HostFault;
            }
            if (slot.IsReadOnly)
            {
                writable = false;
            }
            _vm.AfterHostLookupHook?.Invoke(gfn);

            bool retry;
            lock (_vm.MmuLock)
            {
                retry = _vm.MmuNotifierRetry(mmuSeq);
                if (!retry)
                {
                    Install(slot, gfn, pfn, writeFault, writable, out pte);
                }
            }
            // The reference taken by FaultIn is dropped outside MmuLock (HostMm's lock ranks above it).
            _vm.HostMm.PutPage(pfn);
            if (!retry)
            {
                return GpaFaultResult.Mapped;
            }
            // An invalidation ran (seq changed) or is running (count != 0) since mmuSeq was read: the pfn may
            // already be unmapped on the host. Drop it and look again.
            _stat.GpaFaultRetries++;
            LastRetries++;
            EmuKvmTrace.GpaFaultRetry(_vcpuId, gfn, mmuSeq, _vm.MmuNotifierSeq, _vm.MmuNotifierCount);
            _vm.OnFaultRetry(gfn, mmuSeq);
        }
    }

    /// <summary>Installs the PTE for a slow-path fault. Caller holds MmuLock and a reference on the frame.</summary>
    private void Install(Memslot slot, ulong gfn, ulong pfn, bool writeFault, bool writable, out GpaPte pte)
    {
        // Writable only if the host said so; dirty only on a write fault, so that the first write after a
        // read fault still comes through the fast path and is logged.
        pte = GpaPte.Make(pfn, writable, young: true, dirty: writeFault && writable);
        _vm.GpaPageTable.Set(gfn, pte, ref _memcache);
        if (writeFault && writable)
        {
            slot.MarkDirty(gfn);
            _vm.HostMm.SetPfnDirty(pfn);
        }
        // Accessed under the lock, before the reference is dropped (bug B5 of the reference).
        _vm.HostMm.SetPfnAccessed(pfn);
    }
}
