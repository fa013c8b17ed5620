namespace Emu.Emulator.Mmu;

/// <summary>
/// struct kvm_memory_slot: guest frames [BaseGfn, BaseGfn + NPages) backed by host virtual addresses from
/// <see cref="UserspaceAddr"/>. Immutable except for the dirty bitmap, whose words are changed only under
/// <see cref="Kvm.Vm.MmuLock"/> (mark_page_dirty from the fault paths, get-and-clear from GetDirtyLog).
/// </summary>
public sealed class Memslot
{
    public Memslot(int id, ulong baseGfn, ulong npages, ulong userspaceAddr, MemslotFlags flags, ulong[]? dirtyBitmap)
    {
        Id = id;
        BaseGfn = baseGfn;
        NPages = npages;
        UserspaceAddr = userspaceAddr;
        Flags = flags;
        DirtyBitmap = dirtyBitmap;
    }

    public int Id { get; }
    public ulong BaseGfn { get; }
    public ulong NPages { get; }
    public ulong UserspaceAddr { get; }
    public MemslotFlags Flags { get; }

    /// <summary>One bit per page while LOG_DIRTY_PAGES is set, else null. Guarded by MmuLock.</summary>
    public ulong[]? DirtyBitmap { get; }

    public ulong EndGfn => BaseGfn + NPages;
    public ulong HvaEnd => UserspaceAddr + (NPages << 12);
    public bool IsReadOnly => (Flags & MemslotFlags.ReadOnly) != 0;
    public bool LogsDirtyPages => (Flags & MemslotFlags.LogDirtyPages) != 0;
    public bool IsInvalid => (Flags & MemslotFlags.Invalid) != 0;

    public bool Contains(ulong gfn) => gfn - BaseGfn < NPages;

    /// <summary>__gfn_to_hva_memslot.</summary>
    public ulong GfnToHva(ulong gfn) => UserspaceAddr + ((gfn - BaseGfn) << 12);

    /// <summary>hva_to_gfn_memslot.</summary>
    public ulong HvaToGfn(ulong hva) => BaseGfn + ((hva - UserspaceAddr) >> 12);

    /// <summary>mark_page_dirty_in_slot: sets the bit if the slot logs dirty pages. Caller holds MmuLock.</summary>
    public void MarkDirty(ulong gfn)
    {
        if (DirtyBitmap is { } bitmap)
        {
            var rel = gfn - BaseGfn;
            bitmap[rel >> 6] |= 1ul << (int)(rel & 63);
        }
    }

    public Memslot With(ulong? baseGfn = null, MemslotFlags? flags = null, ulong[]? dirtyBitmap = null, bool keepBitmap = true) =>
        new(Id, baseGfn ?? BaseGfn, NPages, UserspaceAddr, flags ?? Flags, dirtyBitmap ?? (keepBitmap ? DirtyBitmap : null));

    public override string ToString() =>
        $"slot {Id}: gpa 0x{BaseGfn << 12:x8}-0x{(EndGfn << 12) - 1:x8} ({NPages} pages) hva 0x{UserspaceAddr:x} {Flags}";
}
