using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing;

/// <summary>
/// The emission API the emulator calls. Each method is inlined into its call site and tests
/// <c>IsEnabled(level, keyword)</c> before doing anything, so a disabled event costs a field load and a
/// branch and computes no payload. Per-vCPU events get their <c>seq</c> from <see cref="VcpuSequence"/>.
/// Durations: take <see cref="Timestamp"/> only when <see cref="FaultsEnabled"/> (etc.) says the event is on,
/// then pass <see cref="ElapsedNs"/>.
/// </summary>
public static partial class EmuKvmTrace
{
    private static readonly EmuKvmEventSource s_log = EmuKvmEventSource.Log;

    // --- guards, for call sites that must compute something (a timestamp) before the event ---

    public static bool CpuEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Informational, Keywords.Cpu);
    }

    public static bool FaultsEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Fault);
    }

    public static bool FlushEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Flush);
    }

    public static bool NotifierEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Notifier);
    }

    public static bool MemslotEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Informational, Keywords.Memslot);
    }

    /// <summary>A monotonic timestamp (Stopwatch ticks) for a later <see cref="ElapsedNs"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Timestamp() => Stopwatch.GetTimestamp();

    /// <summary>Nanoseconds since <paramref name="start"/> (a <see cref="Timestamp"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ElapsedNs(long start) =>
        (long)((Stopwatch.GetTimestamp() - start) * (1_000_000_000.0 / Stopwatch.Frequency));

    // --- vCPU transitions (kvm_enter / kvm_reenter / kvm_out) ---

    /// <summary>kvm_enter: the vCPU's run loop starts executing the guest at <paramref name="pc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VcpuEnter(int vcpu, uint pc)
    {
        if (s_log.IsEnabled(EventLevel.Informational, Keywords.Cpu))
        {
            s_log.VcpuEnter(vcpu, VcpuSequence.Next(vcpu), pc);
        }
    }

    /// <summary>kvm_reenter: an exit was handled in the emulator and the guest resumes at <paramref name="pc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VcpuReenter(int vcpu, uint pc)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Cpu))
        {
            s_log.VcpuReenter(vcpu, VcpuSequence.Next(vcpu), pc);
        }
    }

    /// <summary>kvm_out: the run loop returns to its caller.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VcpuOut(int vcpu, uint pc, VcpuStopReason stopReason)
    {
        if (s_log.IsEnabled(EventLevel.Informational, Keywords.Cpu))
        {
            s_log.VcpuOut(vcpu, VcpuSequence.Next(vcpu), pc, stopReason, PayloadNames.Of(stopReason));
        }
    }

    // --- exits ---

    /// <summary>kvm_exit: every exit, at its start. <paramref name="pc"/> is the faulting instruction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(int vcpu, ExitReason reason, uint pc, uint badVAddr)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Exit))
        {
            s_log.Exit(vcpu, VcpuSequence.Next(vcpu), reason, pc, badVAddr, PayloadNames.Of(reason));
        }
    }

    public static bool ExitEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Exit);
    }

    /// <summary>
    /// A guest access to <paramref name="gpa"/> went to the device bus; <paramref name="data"/> is the value
    /// written or read; <paramref name="device"/> names what decodes it (com1, gt64120, i8259-master...).
    /// Call under <see cref="ExitEnabled"/>, so the name is looked up only when traced.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MmioExit(int vcpu, ulong gpa, int size, bool isWrite, ulong data, string device)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Exit))
        {
            s_log.MmioExit(vcpu, VcpuSequence.Next(vcpu), gpa, size, isWrite, data, device);
        }
    }

    // --- interrupt lines and WAIT (kvm_set_irq, kvm_vcpu_block / kvm_vcpu_wakeup) ---

    public static bool WaitEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Wait);
    }

    /// <summary>Hardware interrupt line <paramref name="line"/> (0..5 = Cause.IP2..IP7) of a vCPU changed level. Any thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void IrqLine(int vcpu, int line, bool asserted)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Irq))
        {
            s_log.IrqLine(vcpu, line, asserted);
        }
    }

    /// <summary>kvm_vcpu_block: the vCPU sleeps in WAIT at <paramref name="pc"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VcpuBlock(int vcpu, uint pc)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Wait))
        {
            s_log.VcpuBlock(vcpu, VcpuSequence.Next(vcpu), pc);
        }
    }

    /// <summary>kvm_vcpu_wakeup: the WAIT sleep ended after <paramref name="waitedNs"/>; by an interrupt line or a timeout/stop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void VcpuWake(int vcpu, long waitedNs, bool byInterrupt)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Wait))
        {
            s_log.VcpuWake(vcpu, VcpuSequence.Next(vcpu), waitedNs, byInterrupt);
        }
    }

    // --- GPA faults ---

    /// <summary>
    /// One GPA fault, emitted once when it ends (after any retries) with its total duration: the path
    /// that finally handled it, the result, and how many times the slow path retried.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GpaFault(int vcpu, ulong gpa, bool write, FaultPath path, FaultResult result, int retries, long durationNs)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Fault))
        {
            s_log.GpaFault(vcpu, VcpuSequence.Next(vcpu), gpa, write, path, result, retries, durationNs, PayloadNames.Of(path), PayloadNames.Of(result));
        }
    }

    /// <summary>
    /// The slow path found that an invalidation raced its pfn lookup (mmu_notifier_retry): the
    /// notifier seq it read before the lookup, the seq and in-progress count it sees now.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GpaFaultRetry(int vcpu, ulong gfn, long notifierSeqRead, long notifierSeqNow, long notifierCountNow)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Retry))
        {
            s_log.GpaFaultRetry(vcpu, VcpuSequence.Next(vcpu), gfn, notifierSeqRead, notifierSeqNow, notifierCountNow);
        }
    }

    // --- VM-wide MMU events ---

    /// <summary>Derived mappings dropped on every vCPU, emitted when the flusher is done waiting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FlushShadow(FlushCause cause, int vcpusWaited, long durationNs)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Flush))
        {
            s_log.FlushShadow(cause, vcpusWaited, durationNs, PayloadNames.Of(cause));
        }
    }

    /// <summary>One mmu_notifier callback, emitted when it returns; HVA range is [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Notifier(NotifierKind kind, ulong hvaStart, ulong hvaEnd, long gfnsAffected, long durationNs)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Notifier))
        {
            s_log.Notifier(kind, hvaStart, hvaEnd, gfnsAffected, durationNs, PayloadNames.Of(kind));
        }
    }

    /// <summary>The host memory manager changed <paramref name="pages"/> pages starting at <paramref name="hvaStart"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void HostMmEvent(HostMmEventKind kind, ulong hvaStart, long pages)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.HostMm))
        {
            s_log.HostMmEvent(kind, hvaStart, pages, PayloadNames.Of(kind));
        }
    }

    /// <summary>A memslot was created, deleted, moved or had its flags changed (KVM_SET_USER_MEMORY_REGION).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MemslotChange(int slot, MemslotChangeKind change, ulong baseGfn, ulong npages, ulong hva, uint flags)
    {
        if (s_log.IsEnabled(EventLevel.Informational, Keywords.Memslot))
        {
            s_log.MemslotChange(slot, change, baseGfn, npages, hva, flags, PayloadNames.Of(change));
        }
    }

    /// <summary>KVM_GET_DIRTY_LOG returned (and cleared) <paramref name="dirtyPages"/> pages.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void DirtyLogGet(int slot, long dirtyPages, long durationNs)
    {
        if (s_log.IsEnabled(EventLevel.Informational, Keywords.Memslot))
        {
            s_log.DirtyLogGet(slot, dirtyPages, durationNs);
        }
    }

    // --- guest TLB ---

    /// <summary>TLBWI (<paramref name="random"/> false) or TLBWR wrote guest TLB entry <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GuestTlbWrite(int vcpu, int index, uint entryHi, uint entryLo0, uint entryLo1, uint pageMask, bool random)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Tlb))
        {
            s_log.GuestTlbWrite(vcpu, VcpuSequence.Next(vcpu), index, entryHi, entryLo0, entryLo1, pageMask, random);
        }
    }

    /// <summary>kvm_asid_change: the guest's current ASID (EntryHi[7:0]) changed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AsidChange(int vcpu, uint oldAsid, uint newAsid)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Tlb))
        {
            s_log.AsidChange(vcpu, VcpuSequence.Next(vcpu), oldAsid, newAsid);
        }
    }

    // --- guest PC samples (emu-trace profile) ---

    /// <summary>Guest instructions between two PC samples of one vCPU (provider argument SampleInterval).</summary>
    public static long SampleInterval = 10_000;

    public static bool SampleEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Sample);
    }

    /// <summary>
    /// Where vCPU <paramref name="vcpu"/> is after <paramref name="instructions"/> retired instructions. Taken at
    /// batch boundaries (at most every Mips32Cpu.MaxBatch instructions), so a loop whose length divides the batch length
    /// can alias; real code seldom does, and the timer shortens batches irregularly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GuestPcSample(int vcpu, uint pc, long instructions)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Sample))
        {
            s_log.GuestPcSample(vcpu, VcpuSequence.Next(vcpu), pc, instructions);
        }
    }

    // --- gdb stub ---

    /// <summary>One remote-protocol packet or control byte; <paramref name="length"/> is the payload length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void GdbPacket(GdbPacketKind kind, int length)
    {
        if (s_log.IsEnabled(EventLevel.Verbose, Keywords.Gdb))
        {
            s_log.GdbPacket(kind, length, PayloadNames.Of(kind));
        }
    }
}
