namespace Emu.Emulator.HostMemory;

/// <summary>
/// The VMA list of the simulated process (mm->mmap), sorted by start address, and the HVA allocator.
/// Guarded by the HostMm lock.
/// </summary>
internal sealed class HostPageTable
{
    /// <summary>Where the first anonymous mapping goes (a typical x86-64 mmap base region).</summary>
    public const ulong MmapBase = 0x7f00_0000_0000;

    /// <summary>Unmapped guard pages left between regions, so that an off-by-one past a region faults.</summary>
    private const ulong GuardBytes = 16 * 4096;

    private readonly List<HostVma> _vmas = [];
    private ulong _next = MmapBase;

    public IReadOnlyList<HostVma> Vmas => _vmas;

    public HostVma Add(int pages, string name)
    {
        var vma = new HostVma(_next, pages, name);
        _next = vma.End + GuardBytes;
        _vmas.Add(vma); // addresses only grow, so the list stays sorted
        return vma;
    }

    public void Remove(HostVma vma) => _vmas.Remove(vma);

    /// <summary>find_vma: the VMA containing <paramref name="hva"/>, and the page index inside it.</summary>
    public HostVma? Find(ulong hva, out int index)
    {
        int lo = 0, hi = _vmas.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var v = _vmas[mid];
            if (hva < v.Start)
            {
                hi = mid - 1;
            }
            else if (hva >= v.End)
            {
                lo = mid + 1;
            }
            else
            {
                index = (int)((hva - v.Start) >> FrameAllocator.FrameShift);
                return v;
            }
        }
        index = -1;
        return null;
    }

    /// <summary>The parts of [start, end) covered by VMAs, in address order, as (vma, first page, page count).</summary>
    public List<(HostVma Vma, int First, int Count)> Spans(ulong start, ulong end)
    {
        var spans = new List<(HostVma, int, int)>();
        foreach (var v in _vmas)
        {
            if (v.End <= start || v.Start >= end)
            {
                continue;
            }
            ulong s = Math.Max(start, v.Start);
            ulong e = Math.Min(end, v.End);
            int first = (int)((s - v.Start) >> FrameAllocator.FrameShift);
            int last = (int)((e - v.Start + FrameAllocator.FrameSize - 1) >> FrameAllocator.FrameShift);
            spans.Add((v, first, last - first));
        }
        return spans;
    }
}
