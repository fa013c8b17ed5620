namespace Emu.Emulator.Mmu;

/// <summary>KVM_SET_USER_MEMORY_REGION flags (include/uapi/linux/kvm.h), plus KVM's internal INVALID.</summary>
[Flags]
public enum MemslotFlags : uint
{
    None = 0,
    /// <summary>KVM_MEM_LOG_DIRTY_PAGES: keep a dirty bitmap; clean pages are write-protected.</summary>
    LogDirtyPages = 1,
    /// <summary>KVM_MEM_READONLY: reads map, writes exit to the VMM as MMIO.</summary>
    ReadOnly = 2,
    /// <summary>KVM_MEMSLOT_INVALID (internal): being deleted or moved; accesses see "no slot".</summary>
    Invalid = 1u << 16,
}
