namespace Emu.Emulator.Kvm;

/// <summary>
/// Per-vCPU counters named after struct kvm_vcpu_stat (arch/mips/include/asm/kvm_host.h) and the GPA fault
/// paths. Incremented only by the owning vCPU thread (plain adds); other threads read them racily for
/// summaries, which is what debugfs does too.
/// </summary>
public sealed class VcpuStat
{
    public long WaitExits;
    public long CacheExits;
    public long SignalExits;
    public long IntExits;
    public long CopUnusableExits;
    public long TlbmodExits;
    public long TlbmissLdExits;
    public long TlbmissStExits;
    public long AddrerrStExits;
    public long AddrerrLdExits;
    public long SyscallExits;
    public long ResvdInstExits;
    public long BreakInstExits;
    public long TrapInstExits;
    /// <summary>MMIO exits: no memslot, or a write to a read-only slot.</summary>
    public long MmioExits;
    /// <summary>The host refused the page (mprotect'd or unmapped HVA): KVM_RUN's -EFAULT.</summary>
    public long HostFaultExits;

    /// <summary>Faults resolved by _kvm_mips_map_page_fast (young / dirty bit updates).</summary>
    public long GpaFaultsFast;
    /// <summary>Faults that went through kvm_mips_map_page's slow path and installed a PTE.</summary>
    public long GpaFaultsSlow;
    /// <summary>Slow-path retries after mmu_notifier_retry said an invalidation raced the lookup.</summary>
    public long GpaFaultRetries;
}
