namespace Emu.Emulator.Kvm;

/// <summary>How a GPA fault ended (the cases of kvm_mips_map_page's callers, KVM-MIPS-MMU.md §4.4).</summary>
public enum GpaFaultResult
{
    /// <summary>A present GPA PTE allows the access; the frame may be used.</summary>
    Mapped,
    /// <summary>No memslot covers the GPA (or it is being deleted): an MMIO exit.</summary>
    NoSlot,
    /// <summary>A write to a KVM_MEM_READONLY slot: an MMIO write exit.</summary>
    ReadOnlySlotWrite,
    /// <summary>The host refused the page (gup failed: mprotect'd or unmapped HVA): KVM_RUN's -EFAULT.</summary>
    HostFault,
}

/// <summary>Which path resolved a fault (stats and traces).</summary>
public enum GpaFaultPath
{
    /// <summary>The PTE was present and needed at most a young/dirty update (_kvm_mips_map_page_fast).</summary>
    Fast,
    /// <summary>The host page was looked up and a PTE installed (kvm_mips_map_page).</summary>
    Slow,
}
