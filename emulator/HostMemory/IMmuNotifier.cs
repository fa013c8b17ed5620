namespace Emu.Emulator.HostMemory;

/// <summary>
/// What a secondary MMU (the VM's GPA page table and the vCPUs' derived mappings) must hear from the
/// host memory manager when host mappings change: Linux's <c>struct mmu_notifier_ops</c> as KVM
/// registers it (virt/kvm/kvm_main.c, v4.11–v4.19 era). <see cref="HostMm"/> calls these in the
/// kernel's order: <see cref="InvalidateRangeStart"/> before a host PTE is zapped or downgraded and
/// before its frame can be freed, <see cref="InvalidateRangeEnd"/> after the new PTE is in place, and
/// <see cref="ChangePte"/> (set_pte_at_notify) inside such a pair when a PTE is replaced.
/// </summary>
/// <remarks>
/// Threading: called on whatever thread changes the host mapping (the pressure driver, a vCPU whose
/// FaultIn breaks COW or swaps in, a gdb monitor command), with the HostMm lock held. Implementations
/// take their own MmuLock inside (lock order HostMm → MmuLock) and may wait for vCPUs to acknowledge
/// a flush, so a vCPU must never wait for the HostMm lock while it could be waited for (it leaves
/// "guest mode" before calling FaultIn).
/// HVA ranges are [start, end), page aligned.
/// </remarks>
public interface IMmuNotifier
{
    /// <summary>invalidate_range_start: count++, zap GPA PTEs backed by [start, end), flush derived mappings.</summary>
    void InvalidateRangeStart(ulong hvaStart, ulong hvaEnd);

    /// <summary>invalidate_range_end: seq++ then count--.</summary>
    void InvalidateRangeEnd(ulong hvaStart, ulong hvaEnd);

    /// <summary>
    /// change_pte (set_spte_hva): the host PTE for <paramref name="hva"/> now maps <paramref name="newPfn"/>
    /// (writable or not). Always called inside an InvalidateRange pair here, as mm does since v4.13.
    /// </summary>
    void ChangePte(ulong hva, ulong newPfn, bool writable);

    /// <summary>clear_flush_young (age_hva + flush when young): true if any page in the range was young.</summary>
    bool ClearFlushYoung(ulong hvaStart, ulong hvaEnd);

    /// <summary>clear_young (age_hva, no flush; idle page tracking): true if any page was young.</summary>
    bool ClearYoung(ulong hvaStart, ulong hvaEnd);

    /// <summary>test_young (test_age_hva): whether the secondary MMU saw the page accessed since it was aged.</summary>
    bool TestYoung(ulong hva);

    /// <summary>release: the address space is going away; drop every mapping (flush_shadow_all).</summary>
    void Release();
}
