using Emu.Emulator.HostMemory;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>
/// struct kvm for one guest: memslots, the GPA page table, the MMU-notifier sequence/count pair, the vCPUs
/// whose derived mappings it flushes, and its stats. Split by concern: Memslots (KVM_SET_USER_MEMORY_REGION),
/// Notifier (the IMmuNotifier callbacks), DirtyLog (GET_DIRTY_LOG, aging over GPA ranges), GuestAccess
/// (kvm_read_guest / kvm_write_guest), and <see cref="GpaFaultHandler"/> (the fault paths, per vCPU).
/// </summary>
/// <remarks>
/// Locks (outermost first; KVM-MIPS-MMU.md §6.2):
/// <list type="bullet">
/// <item><see cref="_slotsLock"/> (kvm->slots_lock): serialises memslot changes and dirty-log collection.</item>
/// <item>HostMm's lock: held by the host while it calls our notifier callbacks.</item>
/// <item><see cref="MmuLock"/> (kvm->mmu_lock, innermost): guards <see cref="GpaPageTable"/>, the memslots'
/// dirty bitmaps and the retry counters' writes. Never held while calling <see cref="HostMm.FaultIn"/>;
/// may be held while waiting for vCPUs to acknowledge a flush (vCPUs never block in guest mode).</item>
/// </list>
/// <see cref="_memslots"/> is published whole (volatile) and read lock-free inside <see cref="Srcu"/>.
/// </remarks>
public sealed unsafe partial class Vm : IDisposable
{
    private readonly Lock _slotsLock = new();
    private readonly List<IVcpuRequests> _vcpus = [];
    private MemslotSet _memslots = MemslotSet.Empty;
    private long _mmuNotifierSeq;
    private long _mmuNotifierCount;
    private long _flushGeneration;

    public Vm(HostMm hostMm)
    {
        HostMm = hostMm;
        hostMm.RegisterNotifier(this);
    }

    public HostMm HostMm { get; }

    /// <summary>kvm->mmu_lock.</summary>
    public Lock MmuLock { get; } = new();

    /// <summary>kvm->srcu: memslot readers.</summary>
    public Srcu Srcu { get; } = new();

    /// <summary>kvm->arch.gpa_mm. Guarded by <see cref="MmuLock"/>.</summary>
    public GpaPageTable GpaPageTable { get; } = new();

    /// <summary>The current memslots (srcu_dereference). Lock-free.</summary>
    public MemslotSet Memslots => Volatile.Read(ref _memslots);

    /// <summary>kvm->mmu_notifier_seq: bumped when an invalidation ends (and by change_pte).</summary>
    public long MmuNotifierSeq => Volatile.Read(ref _mmuNotifierSeq);

    /// <summary>kvm->mmu_notifier_count: invalidations in progress.</summary>
    public long MmuNotifierCount => Volatile.Read(ref _mmuNotifierCount);

    public VmStat Stat { get; } = new();

    /// <summary>Per-vCPU stats, index = vCPU id.</summary>
    public IReadOnlyList<VcpuStat> VcpuStats => _vcpuStats;

    private readonly List<VcpuStat> _vcpuStats = [];

    /// <summary>
    /// Test hook: runs on the faulting vCPU thread after the host lookup and before MmuLock is taken, i.e.
    /// exactly inside the window that mmu_notifier_retry closes (KVM-MIPS-MMU.md §6.1). Argument: the gfn.
    /// </summary>
    public Action<ulong>? AfterHostLookupHook { get; set; }

    /// <summary>Allocates the next vCPU id and its stats (before the vCPU's memory front door is built).</summary>
    public int ReserveVcpu()
    {
        lock (_vcpus)
        {
            _vcpuStats.Add(new VcpuStat());
            return _vcpuStats.Count - 1;
        }
    }

    /// <summary>
    /// Makes flushes reach vCPU <paramref name="id"/> (kvm_vm_ioctl_create_vcpu's final publish). The VM sees the
    /// vCPU only as <see cref="IVcpuRequests"/>: mode, flush request and acknowledgement, code invalidations.
    /// </summary>
    public void AttachVcpu(int id, IVcpuRequests cpu)
    {
        lock (_vcpus)
        {
            if (id != _vcpus.Count || id >= _vcpuStats.Count)
            {
                throw new InvalidOperationException($"vCPU {id} attached out of order");
            }
            _vcpus.Add(cpu);
            Volatile.Write(ref _vcpuSnapshot, [.. _vcpus]);
            cpu.CodeCoherence = this;
        }
    }

    /// <summary>The attached vCPUs: an immutable snapshot, replaced on attach, so hot callers (the invalidation hub on
    /// every store to a code page) neither lock nor allocate.</summary>
    public IReadOnlyList<IVcpuRequests> Vcpus => Volatile.Read(ref _vcpuSnapshot);

    private IVcpuRequests[] _vcpuSnapshot = [];

    /// <summary>
    /// mmu_notifier_retry: an invalidation is running (count != 0) or has finished since
    /// <paramref name="seq"/> was read. Caller holds <see cref="MmuLock"/>.
    /// </summary>
    internal bool MmuNotifierRetry(long seq)
    {
        if (Volatile.Read(ref _mmuNotifierCount) != 0)
        {
            return true;
        }
        // smp_rmb: count before seq; pairs with the seq-then-count order in InvalidateRangeEnd.
        return Volatile.Read(ref _mmuNotifierSeq) != seq;
    }

    /// <summary>
    /// kvm_flush_remote_tlbs (the flush_shadow_all / flush_shadow_memslot callbacks of trap-and-emulate):
    /// every vCPU drops its derived mappings; returns once no vCPU can still use one. Waits only for vCPUs in
    /// guest mode; the others apply the request when they re-enter. Returns how many vCPUs were waited for.
    /// May be called with MmuLock held.
    /// </summary>
    public int FlushShadowAll(FlushCause cause)
    {
        var start = EmuKvmTrace.FlushEnabled ? EmuKvmTrace.Timestamp() : 0;
        var generation = Interlocked.Increment(ref _flushGeneration);
        var vcpus = Volatile.Read(ref _vcpuSnapshot);
        foreach (var cpu in vcpus)
        {
            cpu.RequestFlush(generation); // full barrier before reading the vCPU's mode
        }
        var waited = 0;
        foreach (var cpu in vcpus)
        {
            if (!cpu.InGuestMode || cpu.FlushAcked >= generation)
            {
                continue;
            }
            waited++;
            var spin = new SpinWait();
            while (cpu.InGuestMode && cpu.FlushAcked < generation)
            {
                // Never Sleep(1) here: the flusher may hold MmuLock and the host's lock, and a vCPU acknowledges
                // within one batch (microseconds); yielding keeps a 2-core host responsive without long stalls.
                spin.SpinOnce(sleep1Threshold: -1);
            }
        }
        Interlocked.Increment(ref Stat.FlushRequests);
        if (waited > 0)
        {
            Interlocked.Increment(ref Stat.RemoteTlbFlush);
        }
        if (start != 0)
        {
            EmuKvmTrace.FlushShadow(cause, waited, EmuKvmTrace.ElapsedNs(start));
        }
        return waited;
    }

    public void Dispose()
    {
        // kvm_arch_flush_shadow_all on destroy: nothing may keep pointing at host frames.
        lock (MmuLock)
        {
            GpaPageTable.Flush(0, ulong.MaxValue);
        }
    }
}
