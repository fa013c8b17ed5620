namespace Emu.Emulator.Kvm;

/// <summary>
/// Per-vCPU counters of the memory side, named after struct kvm_vcpu_stat (arch/mips/include/asm/kvm_host.h)
/// where KVM has them, plus the GPA fault paths. The exits that are guest exceptions are counted by the CPU
/// (<c>Mips32Cpu.ExceptionCounts</c> by ExcCode, <c>WaitExits</c>, <c>CacheExits</c>) and shown under their
/// kvm_vcpu_stat names by the exit summary. Incremented only by the owning vCPU thread (plain adds); other
/// threads read them racily for summaries, which is what debugfs does too.
/// </summary>
public sealed class VcpuStat
{
    /// <summary>tlbmiss_ld_exits: a load or fetch missed the derived mapping (the host TLB of trap-and-emulate).</summary>
    public long TlbmissLdExits;
    /// <summary>tlbmiss_st_exits: a store missed the derived mapping (or found it read-only).</summary>
    public long TlbmissStExits;
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
