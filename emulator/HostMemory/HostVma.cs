namespace Emu.Emulator.HostMemory;

/// <summary>
/// One anonymous mapping (vm_area_struct) with its page table: a flat PTE array, one entry per 4 KiB page.
/// Protection is kept per page in the PTE (<see cref="HostPteFlags.ReadOnly"/>) instead of splitting the
/// VMA as mprotect/munmap would; munmap sets <see cref="HostPteFlags.Unmapped"/>. All fields are guarded by
/// the HostMm lock.
/// </summary>
internal sealed class HostVma
{
    public HostVma(ulong start, int pageCount, string name)
    {
        Start = start;
        Name = name;
        Ptes = new HostPte[pageCount]; // all zero: mapped, writable, not present (HostPteFlags)
        MappedPages = pageCount;
    }

    public ulong Start { get; }
    public string Name { get; }
    public HostPte[] Ptes { get; }
    public ulong End => Start + ((ulong)Ptes.Length << FrameAllocator.FrameShift);

    /// <summary>Pages still mapped; the VMA is dropped from the table when it reaches zero.</summary>
    public int MappedPages { get; set; }

    public ulong PageHva(int index) => Start + ((ulong)index << FrameAllocator.FrameShift);
}
