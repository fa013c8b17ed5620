namespace Emu.Emulator.HostMemory;

/// <summary>Bits of a simulated host PTE (plus the per-page VMA state this model keeps next to it).</summary>
[Flags]
internal enum HostPteFlags : ushort
{
    None = 0,
    /// <summary>
    /// The page's mapping is gone (set by munmap; the HVA is never reused). The two VMA bits say what is *not* so, so
    /// that a fresh mapping's PTEs are all zero and need no pass over them (a 256 MiB mapping has 65,536).
    /// </summary>
    Unmapped = 1 << 0,
    /// <summary>VM_WRITE of the (conceptually split) VMA is off: set by mprotect(PROT_READ), cleared by PROT_READ|PROT_WRITE.</summary>
    ReadOnly = 1 << 1,
    /// <summary>_PAGE_PRESENT: <see cref="HostPte.Pfn"/> is valid.</summary>
    Present = 1 << 2,
    /// <summary>_PAGE_WRITE: writes need no fault. Never set with <see cref="ReadOnly"/>, never on a shared frame.</summary>
    Writable = 1 << 3,
    /// <summary>_PAGE_ACCESSED (young).</summary>
    Young = 1 << 4,
    /// <summary>_PAGE_MODIFIED (dirty).</summary>
    Dirty = 1 << 5,
    /// <summary>A swap entry: <see cref="HostPte.SwapSlot"/> holds the contents.</summary>
    Swapped = 1 << 6,
}

/// <summary>One host PTE. Guarded by the HostMm lock.</summary>
internal struct HostPte
{
    public ulong Pfn;
    public int SwapSlot;
    public HostPteFlags Flags;

    public readonly bool Has(HostPteFlags f) => (Flags & f) == f;
}

/// <summary>A read-only copy of one host PTE, for tests, audits and debuggers.</summary>
public readonly record struct HostPteView(
    ulong Hva,
    ulong Pfn,
    bool Mapped,
    bool ProtWrite,
    bool Present,
    bool Writable,
    bool Young,
    bool Dirty,
    bool Swapped,
    int SwapSlot)
{
    internal static HostPteView From(ulong hva, in HostPte pte) => new(
        hva,
        pte.Has(HostPteFlags.Present) ? pte.Pfn : 0,
        !pte.Has(HostPteFlags.Unmapped),
        !pte.Has(HostPteFlags.ReadOnly),
        pte.Has(HostPteFlags.Present),
        pte.Has(HostPteFlags.Writable),
        pte.Has(HostPteFlags.Young),
        pte.Has(HostPteFlags.Dirty),
        pte.Has(HostPteFlags.Swapped),
        pte.Has(HostPteFlags.Swapped) ? pte.SwapSlot : -1);

    public override string ToString() =>
        !Mapped ? $"hva 0x{Hva:x}: unmapped"
        : Swapped ? $"hva 0x{Hva:x}: swapped out (slot {SwapSlot})"
        : !Present ? $"hva 0x{Hva:x}: not present (demand-zero on touch)"
        : $"hva 0x{Hva:x}: pfn=0x{Pfn:x} {(Writable ? 'W' : '-')}{(Young ? 'A' : '-')}{(Dirty ? 'D' : '-')}{(ProtWrite ? "" : " prot=ro")}";
}
