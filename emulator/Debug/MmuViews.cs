namespace Emu.Emulator.Debug;

// The values IMmuInspector returns: plain data, so the debugger needs no type from Kvm, Mmu or HostMemory.
// Descriptions are the emulator types' own ToString (one format for the monitor, traces and test failures).

/// <summary>One memslot: id, GPA base and size in pages, flags, and its one-line description.</summary>
public sealed record MemslotView(int Id, ulong BaseGfn, ulong NPages, string Flags, string Description);

/// <summary>The memslot set (its generation) and the MMU-notifier seq/count pair at the time of the look.</summary>
public sealed record MemslotsView(long Generation, long MmuNotifierSeq, long MmuNotifierCount, IReadOnlyList<MemslotView> Slots);

/// <summary>A present GPA PTE: its GFN and its description (present/young/dirty/write bits, host frame).</summary>
public sealed record GpaPteView(ulong Gfn, string Description);

/// <summary>Counts over a GFN range of the GPA page table, its first present entries, and its PTE-table count.</summary>
public sealed record GpaPageTableView(long Present, long Young, long Dirty, long Writable, int TableCount, IReadOnlyList<GpaPteView> First);

/// <summary>KVM_GET_DIRTY_LOG's answer: the dirty GFNs, or <see cref="Error"/> (message and errno) and none.</summary>
public sealed record DirtyLogView(IReadOnlyList<ulong> DirtyGfns, string? Error);

/// <summary>The host events the monitor can trigger (HostMm operations; each fires the MMU notifiers it implies).</summary>
public enum HostEventKind
{
    Ksm,
    Cow,
    SwapOut,
    Balloon,
    Deflate,
    Age,
    Idle,
    MprotectReadOnly,
    MprotectWritable,
}

/// <summary>
/// A host event's outcome: the HVA it hit, <see cref="Count"/> (pages merged/swapped/ballooned/returned/aged; for
/// <see cref="HostEventKind.Cow"/> the snapshot's number; for <see cref="HostEventKind.Idle"/> 1 if a page was young),
/// and mmu_notifier_seq before and after.
/// </summary>
public sealed record HostEventResult(ulong Hva, long Count, long SeqBefore, long SeqAfter);

/// <summary>kvm_vcpu_stat's memory-side counters for one vCPU.</summary>
public sealed record VcpuMmuCounters(long GpaFaultsFast, long GpaFaultsSlow, long GpaFaultRetries, long TlbmissLdExits,
    long TlbmissStExits, long MmioExits, long HostFaultExits);

/// <summary>kvm_vm_stat's flush and notifier counters.</summary>
public sealed record VmMmuCounters(long FlushRequests, long RemoteTlbFlush, long NotifierInvalidateRangeStart, long NotifierChangePte,
    long NotifierClearFlushYoung, long NotifierClearYoung, long GpaPtesZapped, long GpaPtesAged, long GpaPtesCleaned, long DirtyLogGets);

/// <summary>Every counter `monitor kvm-stat` shows; <see cref="Host"/> is the host memory manager's one-line summary.</summary>
public sealed record KvmStatView(IReadOnlyList<VcpuMmuCounters> Vcpus, VmMmuCounters Vm, string Host);

/// <summary>
/// A GPA's way to host memory: its memslot (null: an access is an MMIO exit), the HVA, the host PTE (null: not yet
/// touched) and the GPA page table's entry.
/// </summary>
public sealed record GpaTranslationView(MemslotView? Slot, ulong Hva, string? HostPte, string GpaPte);
