namespace Emu.Emulator.Kvm;

/// <summary>
/// VM-wide counters (struct kvm_vm_stat plus the MMU's own). Written with Interlocked from any thread;
/// read without locks for summaries, counters and traces.
/// </summary>
public sealed class VmStat
{
    /// <summary>remote_tlb_flush: flushes that had at least one vCPU to wait for.</summary>
    public long RemoteTlbFlush;
    /// <summary>All derived-mapping flush requests, whether or not any vCPU had to be waited for.</summary>
    public long FlushRequests;
    public long NotifierInvalidateRangeStart;
    public long NotifierInvalidateRangeEnd;
    public long NotifierChangePte;
    public long NotifierClearFlushYoung;
    public long NotifierClearYoung;
    public long NotifierTestYoung;
    public long NotifierRelease;
    /// <summary>GPA PTEs removed by notifier unmaps.</summary>
    public long GpaPtesZapped;
    /// <summary>GPA PTEs aged (young → old).</summary>
    public long GpaPtesAged;
    /// <summary>GPA PTEs write-protected by dirty logging.</summary>
    public long GpaPtesCleaned;
    public long DirtyLogGets;
    public long MemslotChanges;
}
