namespace Emu.Emulator.Mmu;

/// <summary>
/// A GPA page-table entry: the software bits of MIPS Linux's PTE (pgtable-bits.h) plus the host frame
/// number, packed in one ulong so an entry is read and written atomically.
/// Layout: bit 0 PRESENT, bit 1 WRITE (permission), bit 2 ACCESSED (young), bit 3 MODIFIED (dirty),
/// bits 12..63 the pfn.
/// </summary>
/// <remarks>
/// The hardware VALID/DIRTY bits of the kernel's PTE exist here only in their derived form: a vCPU's
/// GvaCache grants reads only for present, young entries and writes only for WRITE ∧ MODIFIED entries
/// (KVM-MIPS-MMU.md §2.2 invariants: hw VALID ⇒ ACCESSED, hw DIRTY ⇒ WRITE ∧ MODIFIED).
/// </remarks>
public readonly record struct GpaPte(ulong Raw)
{
    public const ulong Present = 1ul << 0;
    public const ulong Write = 1ul << 1;
    public const ulong Accessed = 1ul << 2;
    public const ulong Modified = 1ul << 3;
    private const int PfnShift = 12;

    public static GpaPte None => default;

    public static GpaPte Make(ulong pfn, bool writable, bool young, bool dirty) =>
        new((pfn << PfnShift) | Present | (writable ? Write : 0) | (young ? Accessed : 0) | (dirty ? Modified : 0));

    public bool IsPresent => (Raw & Present) != 0;
    public bool IsWritable => (Raw & Write) != 0;
    public bool IsYoung => (Raw & Accessed) != 0;
    public bool IsDirty => (Raw & Modified) != 0;
    public ulong Pfn => Raw >> PfnShift;

    /// <summary>Writes may go straight to the frame: WRITE ∧ MODIFIED ("never writable-but-clean").</summary>
    public bool AllowsDirectWrite => (Raw & (Write | Modified)) == (Write | Modified);

    /// <summary>pte_mkyoung.</summary>
    public GpaPte MkYoung() => new(Raw | Accessed);

    /// <summary>pte_mkold: every access must fault again to make it young.</summary>
    public GpaPte MkOld() => new(Raw & ~Accessed);

    /// <summary>pte_mkdirty (only meaningful with WRITE; the fast path checks).</summary>
    public GpaPte MkDirty() => new(Raw | Modified);

    /// <summary>pte_mkclean: the next write faults (dirty logging).</summary>
    public GpaPte MkClean() => new(Raw & ~Modified);

    /// <summary>pte_wrprotect: remove the write permission (read-only slot, host downgrade).</summary>
    public GpaPte WrProtect() => new(Raw & ~(Write | Modified));

    public GpaPte WithPfn(ulong pfn) => new((Raw & ((1ul << PfnShift) - 1)) | (pfn << PfnShift));

    public override string ToString() =>
        IsPresent ? $"pfn=0x{Pfn:x} {(IsWritable ? 'W' : '-')}{(IsYoung ? 'A' : '-')}{(IsDirty ? 'M' : '-')}" : "none";
}
