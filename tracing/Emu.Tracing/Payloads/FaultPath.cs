namespace Emu.Tracing;

/// <summary>Which GPA fault path handled a fault (<see cref="EmuKvmEventSource.GpaFault"/>). Stable values.</summary>
public enum FaultPath
{
    /// <summary>_kvm_mips_map_page_fast: PTE present, only young/dirty bits set under the MMU lock.</summary>
    Fast = 0,
    /// <summary>kvm_mips_map_page: gfn_to_pfn outside the lock, notifier seq check, PTE install.</summary>
    Slow = 1,
    /// <summary>No memslot (or read-only slot write): the access became an MMIO exit.</summary>
    Mmio = 2,
    /// <summary>The host could not supply a page (EFAULT-style failure).</summary>
    HostFault = 3,
}
