using Emu.Emulator.Memory;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The vCPU side of remote flushes (kvm_flush_remote_tlbs / KVM_REQ_TLB_FLUSH): the vCPU publishes whether
/// it is "in guest mode" (may be using GvaCache entries, i.e. host frame pointers derived from GPA PTEs) and
/// applies flush requests before using any derived mapping again. A flusher waits only for vCPUs in guest
/// mode; a vCPU outside guest mode holds no derived pointer and re-checks requests when it comes back.
/// </summary>
/// <remarks>
/// Ordering (KVM-MIPS-MMU.md §5 "Mode protocol"): the vCPU stores IN_GUEST_MODE with a full barrier and then
/// reads the request word; the flusher stores the request (full barrier) and then reads the mode. At least
/// one of them sees the other, so either the flusher waits for the acknowledgement or the vCPU flushes on entry.
/// The VM reaches this protocol only through <see cref="IVcpuRequests"/>.
/// Fields: <see cref="_mode"/> and <see cref="_flushAcked"/> are written only by the vCPU thread;
/// <see cref="_flushRequested"/> by any flusher (monotonic, CAS).
/// </remarks>
public sealed unsafe partial class Mips32Cpu : IVcpuRequests
{
    private int _mode;
    private long _flushRequested;
    private long _flushAcked;

    /// <summary>True while the vCPU may be using derived mappings (kvm_vcpu->mode == IN_GUEST_MODE).</summary>
    public bool InGuestMode => Volatile.Read(ref _mode) != 0;

    /// <summary>The newest flush generation this vCPU has applied.</summary>
    public long FlushAcked => Volatile.Read(ref _flushAcked);

    /// <summary>Derived-mapping flushes this vCPU has performed on request (a statistic: the exit summary shows it).</summary>
    public long RemoteFlushesApplied { get; private set; }

    /// <summary>
    /// Asks the vCPU to drop every derived mapping before it next uses one (KVM_REQ_TLB_FLUSH). Any thread.
    /// Flushers that must wait for the acknowledgement use a generation from one shared counter and then
    /// wait while <see cref="InGuestMode"/> and <see cref="FlushAcked"/> &lt; generation.
    /// </summary>
    public void RequestFlush(long generation)
    {
        long current;
        do
        {
            current = Volatile.Read(ref _flushRequested);
            if (current >= generation)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _flushRequested, generation, current) != current);
    }

    /// <summary>A flush request with no waiter (single-vCPU callers and tests).</summary>
    public void RequestFlush() => RequestFlush(Volatile.Read(ref _flushRequested) + 1);

    /// <summary>
    /// Enters guest mode and applies any pending flush. Returns false when a flush was applied: pointers the
    /// vCPU obtained while outside guest mode may be stale and must be looked up again.
    /// </summary>
    private bool EnterGuestMode()
    {
        Interlocked.Exchange(ref _mode, 1); // full barrier before reading the request (smp_store_mb)
        return !ApplyFlushRequest();
    }

    /// <summary>Leaves guest mode: from here on this vCPU touches no frame through a derived mapping.</summary>
    private void ExitGuestMode() => Volatile.Write(ref _mode, 0);

    /// <summary>Batch-boundary check (kvm_trap_emul_check_requests). True if a flush was applied.</summary>
    private bool ApplyFlushRequest()
    {
        ApplyCodeInvalidations();
        var requested = Volatile.Read(ref _flushRequested);
        if (requested == _flushAcked)
        {
            return false;
        }
        _gvaCache.FlushAll();
        RemoteFlushesApplied++;
        Volatile.Write(ref _flushAcked, requested);
        return true;
    }

    /// <summary>
    /// The memory front door's page lookup, made outside guest mode because it may block (host faults,
    /// swap-in, the MMU lock) and may itself trigger flushes. If a flush was requested meanwhile, re-entry applies it
    /// (kvm_trap_emul_vcpu_reenter → check_requests) and the page may already be unmapped, so it is looked up again,
    /// as KVM re-faults after losing such a race. <paramref name="flushed"/> says that re-entry applied a flush: the
    /// caller's other derived pointers (the batch's current code page) are then void too, and its batch must end so
    /// the next one fetches again.
    /// </summary>
    private bool MapGuestPage(uint pa, bool write, out byte* page, out bool writable, out bool flushed)
    {
        flushed = false;
        while (true)
        {
            ExitGuestMode();
            var ok = _memory.TryMapPage(pa, write, out page, out writable);
            if (EnterGuestMode())
            {
                EmuKvmTrace.VcpuReenter(VcpuId, _s->Pc); // kvm_reenter: the exit was handled, the guest resumes
                return ok;
            }
            flushed = true;
        }
    }
}
