using System.Collections.Concurrent;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Cpu;

/// <summary>
/// What other threads ask of one vCPU, and the protocol that makes the asking safe (struct kvm_vcpu's mode,
/// requests and wait queue): the guest-mode/flush-acknowledgement protocol (kvm_flush_remote_tlbs /
/// KVM_REQ_TLB_FLUSH), the queue of guest-physical ranges whose decoded code must go (the VM's invalidation hub,
/// Kvm/Vm.CodeInvalidation.cs), the stop request and the wake-up of a vCPU asleep in WAIT. The VM reaches it only as
/// <see cref="IVcpuRequests"/>; the vCPU (<see cref="Mips32Cpu"/>, which owns one) enters and leaves guest mode and
/// applies what is pending at its batch boundaries.
/// </summary>
/// <remarks>
/// <para>Guest mode: the vCPU publishes whether it is "in guest mode" (may be using GvaCache entries, i.e. host frame
/// pointers derived from GPA PTEs) and applies flush requests before using any derived mapping again. A flusher waits
/// only for vCPUs in guest mode; a vCPU outside guest mode holds no derived pointer and re-checks requests when it
/// comes back. Ordering (KVM-MIPS-MMU.md §5 "Mode protocol"): the vCPU stores IN_GUEST_MODE with a full barrier and
/// then reads the request word; the flusher stores the request (full barrier) and then reads the mode. At least one
/// of them sees the other, so either the flusher waits for the acknowledgement or the vCPU flushes on entry.</para>
/// <para>Code invalidations are drained in the same check that applies flush requests, before the acknowledgement,
/// so a flusher that saw the acknowledgement knows the ranges queued before it are gone.</para>
/// <para>Who writes what: <see cref="_mode"/>, <see cref="_flushAcked"/> and <see cref="RemoteFlushesApplied"/> only the
/// vCPU thread; <see cref="_flushRequested"/> any flusher (monotonic, CAS); <see cref="_codeInvalidations"/> any thread
/// enqueues and the vCPU drains, <see cref="_codeInvalidationPending"/> is set after an enqueue and cleared before a
/// drain, so no range is missed; <see cref="_stopRequested"/> any thread sets it, the vCPU thread (or the runner while
/// the vCPU is parked) clears it; <see cref="_wake"/> any thread releases, the vCPU thread waits.</para>
/// </remarks>
public sealed class VcpuRequests : IVcpuRequests, IDisposable
{
    private readonly GvaCache _gvaCache;
    private readonly CodeCache _codeCache;

    private int _mode;
    private long _flushRequested;
    private long _flushAcked;

    // Ranges as objects: ConcurrentQueue's code over a reference type is in the framework's ReadyToRun image, over a
    // value tuple it was JIT-compiled at every start-up. Invalidations are rare (a store to code, a host unmap), so the
    // queue is made by the first (its types took 0.1 ms of every start-up to load).
    private ConcurrentQueue<CodeRange>? _codeInvalidations;
    private sealed record CodeRange(ulong Gpa, ulong Size);
    private int _codeInvalidationPending;

    private volatile bool _stopRequested;
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);

    /// <summary>The requests of vCPU <paramref name="vcpuId"/>, whose derived state is <paramref name="gvaCache"/> and <paramref name="codeCache"/>.</summary>
    internal VcpuRequests(int vcpuId, GvaCache gvaCache, CodeCache codeCache)
    {
        VcpuId = vcpuId;
        _gvaCache = gvaCache;
        _codeCache = codeCache;
    }

    public int VcpuId { get; }

    // ---- Guest mode and flush acknowledgement ----

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
    /// vCPU thread: enters guest mode and applies anything pending. Returns false when a flush was applied: pointers
    /// the vCPU obtained while outside guest mode may be stale and must be looked up again.
    /// </summary>
    internal bool EnterGuestMode()
    {
        Interlocked.Exchange(ref _mode, 1); // full barrier before reading the request (smp_store_mb)
        return !ApplyPending();
    }

    /// <summary>vCPU thread: leaves guest mode; from here on the vCPU touches no frame through a derived mapping.</summary>
    internal void ExitGuestMode() => Volatile.Write(ref _mode, 0);

    /// <summary>
    /// vCPU thread, at a batch boundary (kvm_trap_emul_check_requests): drops the queued code ranges, then applies a
    /// pending flush and acknowledges it. True if a flush was applied.
    /// </summary>
    internal bool ApplyPending()
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

    // ---- Code invalidations (the VM's hub) ----

    /// <summary>The VM's invalidation hub, set when the vCPU is attached to a VM (null on a bare bus).</summary>
    public ICodeCoherence? CodeCoherence { get; set; }

    /// <summary>
    /// Drops the decode of [gpa, gpa+size) at the next batch boundary. Any thread: the hub for another vCPU's store
    /// or a VMM write, and the notifier for a host unmap (kvm_unmap_hva_range: the frames may come back with other
    /// bytes, balloon or discard), queued before the flush that follows so it is applied before that flush is acknowledged.
    /// </summary>
    public void RequestCodeInvalidation(ulong gpa, ulong size)
    {
        var queue = Volatile.Read(ref _codeInvalidations);
        if (queue is null)
        {
            Interlocked.CompareExchange(ref _codeInvalidations, new ConcurrentQueue<CodeRange>(), null);
            queue = _codeInvalidations;
        }
        queue.Enqueue(new CodeRange(gpa, size));
        Volatile.Write(ref _codeInvalidationPending, 1);
    }

    private void ApplyCodeInvalidations()
    {
        if (Volatile.Read(ref _codeInvalidationPending) == 0)
        {
            return;
        }
        Interlocked.Exchange(ref _codeInvalidationPending, 0);
        DrainCodeInvalidations();
    }

    // A cold path out of ApplyCodeInvalidations, which every batch calls (README, "Start-up").
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void DrainCodeInvalidations()
    {
        // Not null: the pending flag is set after the first enqueue made the queue.
        var queue = Volatile.Read(ref _codeInvalidations)!;
        while (queue.TryDequeue(out var range))
        {
            if (range.Gpa >= 1UL << 32)
            {
                continue;
            }
            var size = (uint)Math.Min(range.Size, (1UL << 32) - range.Gpa);
            _codeCache.InvalidateRange((uint)range.Gpa, size);
        }
    }

    // ---- Run requests: stop, and the wake-up of a sleeping vCPU ----

    /// <summary>Any thread: the vCPU leaves Run at its next batch boundary (and a sleep in WAIT ends now).</summary>
    public void RequestStop()
    {
        _stopRequested = true;
        _wake.Release();
    }

    /// <summary>A stop is requested and not yet consumed (the memory front door's waits watch it, as KVM_RUN returns -EINTR).</summary>
    public bool StopPending => _stopRequested;

    /// <summary>vCPU thread (or the runner while the vCPU is parked): consumes the stop request; true if there was one.</summary>
    internal bool TakeStop()
    {
        if (!_stopRequested)
        {
            return false;
        }
        _stopRequested = false;
        return true;
    }

    /// <summary>Any thread: ends the vCPU's current or next sleep (a raised interrupt line, a boundary poke).</summary>
    internal void Wake() => _wake.Release();

    /// <summary>
    /// vCPU thread: sleeps until <see cref="Wake"/> or <see cref="RequestStop"/>, or the timeout; true when woken. Asleep
    /// outside guest mode, so flushers need not wait for this vCPU (kvm_vcpu_block); pending requests are applied on
    /// the way back in.
    /// </summary>
    internal bool Sleep(int milliseconds)
    {
        ExitGuestMode();
        var woken = _wake.Wait(milliseconds);
        EnterGuestMode();
        return woken;
    }

    public void Dispose() => _wake.Dispose();
}
