namespace Emu.Emulator.HostMemory;

/// <summary>
/// CONTRACT SKELETON (being implemented on the hostmm branch). The simulated host memory manager: the
/// VMM process's address space. HVA pages are backed by host frames (native memory, reference counted,
/// numbered by pfn); host PTEs carry present/writable/young/dirty; anonymous regions back guest RAM.
/// </summary>
public sealed unsafe class HostMm : IDisposable
{
    /// <summary>Page size of the simulated host (4 KiB).</summary>
    public const int PageSize = 4096;

    public HostMm(HostMmOptions options) => throw new NotImplementedException();

    /// <summary>mmap(MAP_ANONYMOUS|MAP_PRIVATE, PROT_READ|PROT_WRITE): reserve a page-aligned HVA range, demand-zero.</summary>
    public ulong MapAnonymous(ulong size, string name) => throw new NotImplementedException();

    /// <summary>munmap: notifiers, then frames dropped.</summary>
    public void Unmap(ulong hva, ulong size) => throw new NotImplementedException();

    /// <summary>mmu_notifier_register. Several notifiers may be registered; each sees every event.</summary>
    public void RegisterNotifier(IMmuNotifier notifier) => throw new NotImplementedException();

    /// <summary>
    /// get_user_pages for one page (hva_to_pfn's slow path): demand-zero on first touch, swap-in, and on
    /// a write break COW/KSM sharing (firing notifiers). Takes a reference on the frame (release it with
    /// <see cref="PutPage"/>). <paramref name="writable"/> = the host PTE is writable after the call
    /// (for a read fault: only if it already was, like hva_to_pfn's fast "gup for write" probe).
    /// Returns false (ERR_FAULT) for an HVA outside any mapping or a write to a read-only (mprotect) one.
    /// </summary>
    public bool FaultIn(ulong hva, bool write, out ulong pfn, out bool writable) => throw new NotImplementedException();

    /// <summary>put_page / kvm_release_pfn_clean: drop the reference FaultIn took.</summary>
    public void PutPage(ulong pfn) => throw new NotImplementedException();

    /// <summary>SetPageDirty on the frame behind a PTE the secondary MMU made dirty (kvm_set_pfn_dirty).</summary>
    public void SetPfnDirty(ulong pfn) => throw new NotImplementedException();

    /// <summary>mark_page_accessed (kvm_set_pfn_accessed).</summary>
    public void SetPfnAccessed(ulong pfn) => throw new NotImplementedException();

    /// <summary>Host address of frame <paramref name="pfn"/>'s 4096 bytes. Lock-free; valid while a reference or a notifier-protected mapping exists.</summary>
    public byte* FrameAddress(ulong pfn) => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}

/// <summary>How a <see cref="HostMm"/> is set up.</summary>
public sealed record HostMmOptions
{
    /// <summary>Path of the swap file (created, truncated; deleted on dispose). Null = a temp file.</summary>
    public string? SwapFilePath { get; init; }
}
