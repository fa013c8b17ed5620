using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

/// <summary>
/// The simulated host memory manager: the VMM process's address space. HVA pages are backed by host
/// frames (native memory, reference counted, numbered by pfn, see <see cref="FrameAllocator"/>); host PTEs
/// carry present/writable/young/dirty/swapped; anonymous regions back guest RAM. Every change to an
/// existing host mapping fires the registered <see cref="IMmuNotifier"/>s in the kernel's order.
/// </summary>
/// <remarks>
/// <para><b>Locking.</b> <c>_lock</c> stands for mmap_sem plus the page-table lock. It guards the VMA list
/// and every host PTE (<see cref="HostPageTable"/>, <see cref="HostVma"/>), frame allocation and
/// map counts, reference-count increments, the swap file, the balloon set, the snapshot list and the
/// notifier list. Notifiers are called <em>with it held</em> (lock order HostMm → the VM's MmuLock); the
/// VM must therefore never call a locking HostMm method while it holds its MmuLock. Lock-free, callable
/// from any thread and under MmuLock: <see cref="FrameAddress"/>, <see cref="PutPage"/>,
/// <see cref="SetPfnDirty"/>, <see cref="SetPfnAccessed"/>, <see cref="Stats"/>.</para>
/// <para><b>Notifier order</b> (mirrors mm/): <c>InvalidateRangeStart</c> before any host PTE in the range
/// is zapped, downgraded or replaced and before a frame it mapped can be freed; <c>ChangePte</c> inside the
/// pair, after the PTE is replaced (set_pte_at_notify); <c>InvalidateRangeEnd</c> after the new PTEs are in
/// place. New mappings (demand-zero, swap-in, write-fault reuse, mprotect upgrade) need no notifier: a
/// secondary MMU cannot hold a translation for them that became wrong.</para>
/// <para>The implementation is split by operation: HostMm.Fault.cs (FaultIn), HostMm.Cow.cs, HostMm.Ksm.cs,
/// HostMm.Swap.cs, HostMm.Balloon.cs, HostMm.Idle.cs, HostMm.Mprotect.cs, HostMm.Audit.cs.</para>
/// </remarks>
public sealed unsafe partial class HostMm : IDisposable
{
    /// <summary>Page size of the simulated host (4 KiB).</summary>
    public const int PageSize = 4096;

    /// <summary>pfn of the shared zero page (ZERO_PAGE). Not reference counted; never written.</summary>
    public const ulong ZeroPfn = FrameAllocator.ZeroPfn;

    private const ulong PageMask = PageSize - 1;

    private readonly object _lock = new();
    private readonly HostMmOptions _options;
    private readonly FrameAllocator _frames;
    private readonly HostPageTable _table = new();
    private readonly SwapFile _swap;
    // Live COW snapshots (HostMm lock), for audits.
    private readonly HashSet<CowSnapshot> _snapshots = new(ReferenceEqualityComparer.Instance);
    // Copy-on-write notifier list: replaced under the HostMm lock, read under it.
    private IMmuNotifier[] _notifiers = [];
    private bool _disposed;

    public HostMm(HostMmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _frames = new FrameAllocator(options.MaxFrames, options.PoisonFreedFrames);
        _swap = new SwapFile(options.SwapDirectory);
        Stats._framesInUse = () => _frames.InUse;
    }

    /// <summary>Event counters (thread-safe).</summary>
    public HostMmStats Stats { get; } = new();

    public HostMmOptions Options => _options;

    /// <summary>Where the swap file is, for messages (it has no name: see <see cref="SwapFile"/>).</summary>
    public string SwapFileDescription => _swap.Path;

    /// <summary>The swap file's descriptor (tests read the slots through it).</summary>
    internal Microsoft.Win32.SafeHandles.SafeFileHandle SwapFileHandle => _swap.Handle;

    /// <summary>The swap file's length in bytes now.</summary>
    public long SwapFileLength => _swap.Length;

    /// <summary>Frames allocated now (excluding pfn 0 and the zero page).</summary>
    public long FramesInUse => _frames.InUse;

    /// <summary>mmap(MAP_ANONYMOUS|MAP_PRIVATE, PROT_READ|PROT_WRITE): reserve a page-aligned HVA range, demand-zero.</summary>
    public ulong MapAnonymous(ulong size, string name)
    {
        if (size == 0 || (size & PageMask) != 0 || size > (ulong)int.MaxValue * PageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "size must be a non-zero multiple of the page size");
        }
        lock (_lock)
        {
            ThrowIfDisposed();
            return _table.Add((int)(size / PageSize), name).Start;
        }
    }

    /// <summary>The live anonymous mappings (name, HVA range), in address order.</summary>
    public IReadOnlyList<(string Name, HvaRange Range)> Regions
    {
        get
        {
            lock (_lock)
            {
                return [.. _table.Vmas.Select(v => (v.Name, new HvaRange(v.Start, v.End - v.Start)))];
            }
        }
    }

    /// <summary>
    /// munmap (unmap_region → zap_page_range): InvalidateRangeStart, every PTE of the range zapped (frames
    /// lose this mapping's reference and are freed if it was the last; swap slots freed), InvalidateRangeEnd.
    /// Pages outside any mapping are ignored. The HVAs are never handed out again.
    /// </summary>
    public void Unmap(ulong hva, ulong size)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var spans = _table.Spans(start, end);
            if (spans.Count == 0)
            {
                return;
            }
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, first, count) in spans)
            {
                for (int i = first; i < first + count; i++)
                {
                    ref var pte = ref vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Unmapped))
                    {
                        continue;
                    }
                    ZapPte(ref pte);
                    pte.Flags = HostPteFlags.Unmapped;
                    vma.MappedPages--;
                }
                if (vma.MappedPages == 0)
                {
                    _table.Remove(vma);
                }
            }
            NotifyInvalidateRangeEnd(start, end);
            HostMmStats.Inc(ref Stats._unmaps);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.Unmap, start, (long)((end - start) / PageSize));
        }
    }

    /// <summary>mmu_notifier_register. Several notifiers may be registered; each sees every event.</summary>
    public void RegisterNotifier(IMmuNotifier notifier)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        lock (_lock)
        {
            ThrowIfDisposed();
            _notifiers = [.. _notifiers, notifier];
        }
    }

    /// <summary>mmu_notifier_unregister: the notifier hears nothing more once this returns.</summary>
    public void UnregisterNotifier(IMmuNotifier notifier)
    {
        lock (_lock)
        {
            _notifiers = Array.FindAll(_notifiers, n => !ReferenceEquals(n, notifier));
        }
    }

    /// <summary>
    /// put_page / kvm_release_pfn_clean: drop the reference FaultIn took. Lock-free (safe under the VM's
    /// MmuLock); frees the frame if that was the last reference.
    /// </summary>
    public void PutPage(ulong pfn) => _frames.Put(pfn);

    /// <summary>
    /// SetPageDirty on the frame behind a PTE the secondary MMU made dirty (kvm_set_pfn_dirty). Lock-free.
    /// Call it while you still hold a reference or under the notifier-protected MmuLock (the kernel's B5
    /// bug was doing this after dropping the reference); on an already-freed frame it is ignored.
    /// </summary>
    public void SetPfnDirty(ulong pfn) => _frames.SetFlags(pfn, FrameAllocator.FrameFlags.Dirty);

    /// <summary>mark_page_accessed (kvm_set_pfn_accessed): sets PG_referenced and clears PG_idle. Lock-free.</summary>
    public void SetPfnAccessed(ulong pfn)
    {
        _frames.SetFlags(pfn, FrameAllocator.FrameFlags.Accessed);
        _frames.ClearFlags(pfn, FrameAllocator.FrameFlags.Idle);
    }

    /// <summary>
    /// Host address of frame <paramref name="pfn"/>'s 4096 bytes. Lock-free (one volatile array read).
    /// The contents belong to the pfn while a reference or a notifier-protected mapping exists; after the
    /// frame is freed the address stays valid memory (it may be reused or poisoned) until Dispose.
    /// </summary>
    public byte* FrameAddress(ulong pfn) => _frames.Address(pfn);

    /// <summary>The frame's bytes as a span (same lifetime rules as <see cref="FrameAddress"/>).</summary>
    public Span<byte> FrameSpan(ulong pfn) => _frames.Bytes(pfn);

    /// <summary>page_count of a frame (mappings + snapshot holds + gup references). Lock-free read.</summary>
    public int GetRefCount(ulong pfn) => _frames.RefCount(pfn);

    /// <summary>page_mapcount of a frame (host PTEs + snapshot holds). Lock-free read.</summary>
    public int GetMapCount(ulong pfn) => _frames.MapCount(pfn);

    /// <summary>Whether <paramref name="pfn"/> is currently allocated (not on the free list).</summary>
    public bool IsFrameAllocated(ulong pfn) => _frames.IsAllocated(pfn);

    /// <summary>Whether the frame is a KSM-merged frame (PageKsm).</summary>
    public bool IsKsmFrame(ulong pfn) => pfn != ZeroPfn && _frames.IsAllocated(pfn) && (_frames.Flags(pfn) & FrameAllocator.FrameFlags.Ksm) != 0;

    /// <summary>Whether SetPfnDirty marked the frame dirty since it was allocated.</summary>
    public bool IsFrameDirty(ulong pfn) => _frames.IsAllocated(pfn) && (_frames.Flags(pfn) & FrameAllocator.FrameFlags.Dirty) != 0;

    /// <summary>A copy of the host PTE for <paramref name="hva"/>; false if the HVA is in no VMA.</summary>
    public bool TryGetPte(ulong hva, out HostPteView view)
    {
        lock (_lock)
        {
            var vma = _table.Find(hva, out int i);
            if (vma is null)
            {
                view = default;
                return false;
            }
            view = HostPteView.From(vma.PageHva(i), vma.Ptes[i]);
            return true;
        }
    }

    /// <summary>
    /// exit_mmap: the notifiers' Release (the VM drops every mapping), then frames, the swap file and
    /// native memory go. Pointers from <see cref="FrameAddress"/> are invalid afterwards.
    /// </summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }
            foreach (var n in _notifiers)
            {
                HostMmStats.Inc(ref Stats._nRelease);
                n.Release();
            }
            _notifiers = [];
            _disposed = true;
            _swap.Dispose();
            _frames.Dispose();
        }
    }

    // ---- helpers shared by the operation files (all called with _lock held) ----

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private static (ulong Start, ulong End) AlignRange(ulong hva, ulong size)
    {
        ulong start = hva & ~PageMask;
        ulong end = (hva + size + PageMask) & ~PageMask;
        if (end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(size), "range wraps");
        }
        return (start, end);
    }

    /// <summary>
    /// zap_pte_range for one PTE: the frame loses this mapping (freed if last), a swap slot is freed.
    /// Only called after InvalidateRangeStart for this page. Keeps the VMA bits (Unmapped, ReadOnly).
    /// </summary>
    private void ZapPte(ref HostPte pte)
    {
        if (pte.Has(HostPteFlags.Present))
        {
            _frames.UnmapRef(pte.Pfn);
        }
        else if (pte.Has(HostPteFlags.Swapped))
        {
            _swap.Free(pte.SwapSlot);
        }
        pte.Pfn = 0;
        pte.SwapSlot = 0;
        pte.Flags &= HostPteFlags.Unmapped | HostPteFlags.ReadOnly;
    }

    private void NotifyInvalidateRangeStart(ulong start, ulong end)
    {
        foreach (var n in _notifiers)
        {
            HostMmStats.Inc(ref Stats._nInvalidateRangeStart);
            n.InvalidateRangeStart(start, end);
        }
    }

    private void NotifyInvalidateRangeEnd(ulong start, ulong end)
    {
        foreach (var n in _notifiers)
        {
            HostMmStats.Inc(ref Stats._nInvalidateRangeEnd);
            n.InvalidateRangeEnd(start, end);
        }
    }

    private void NotifyChangePte(ulong hva, ulong newPfn, bool writable)
    {
        foreach (var n in _notifiers)
        {
            HostMmStats.Inc(ref Stats._nChangePte);
            n.ChangePte(hva, newPfn, writable);
        }
    }
}

/// <summary>How a <see cref="HostMm"/> is set up.</summary>
public sealed record HostMmOptions
{
    /// <summary>Directory for the swap file, which never has a name there (see <see cref="SwapFile"/>). Null = the temp directory.</summary>
    public string? SwapDirectory { get; init; }

    /// <summary>
    /// Map read faults on untouched anonymous pages to the shared read-only zero page, as Linux does
    /// (so the first write is a COW break with notifiers). False: every first touch allocates a frame.
    /// </summary>
    public bool UseZeroPage { get; init; } = true;

    /// <summary>Fill freed frames with 0xDB so that a stale user (a frame reached after it was freed) is visible.</summary>
    public bool PoisonFreedFrames { get; init; }

    /// <summary>Upper bound on allocated frames (the simulated host's RAM); beyond it FaultIn throws OutOfMemoryException.</summary>
    public ulong MaxFrames { get; init; } = 1UL << 20;
}
