namespace Emu.Emulator.HostMemory;

/// <summary>The result of <see cref="HostMm.Audit"/>: frame accounting checked against the page tables.</summary>
/// <param name="FramesInUse">Frames allocated (excluding pfn 0 and the zero page).</param>
/// <param name="DistinctPteFrames">Distinct frames mapped by at least one host PTE.</param>
/// <param name="SnapshotOnlyFrames">Frames held only by COW snapshots.</param>
/// <param name="OutstandingGupRefs">Sum over frames of page_count − mapcount (references FaultIn handed out and nobody PutPage'd yet).</param>
/// <param name="Problems">Every inconsistency found (empty when healthy).</param>
public sealed record HostMmAudit(long FramesInUse, long DistinctPteFrames, long SnapshotOnlyFrames, long OutstandingGupRefs, IReadOnlyList<string> Problems)
{
    /// <summary>No inconsistency and every allocated frame is reachable from a PTE or a snapshot (no leak).</summary>
    public bool Balanced => Problems.Count == 0 && FramesInUse == DistinctPteFrames + SnapshotOnlyFrames;

    public override string ToString() =>
        $"frames in use {FramesInUse}, PTE frames {DistinctPteFrames}, snapshot-only {SnapshotOnlyFrames}, gup refs {OutstandingGupRefs}" +
        (Problems.Count == 0 ? "" : "; problems: " + string.Join("; ", Problems.Take(10)));
}

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// Walk every PTE and snapshot and compare with the frames' map counts and reference counts
    /// (like a debug-VM page accounting check). Takes the HostMm lock; meant for tests and diagnostics.
    /// </summary>
    public HostMmAudit Audit()
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var problems = new List<string>();
            var expectedMaps = new Dictionary<ulong, int>();
            var pteFrames = new HashSet<ulong>();
            foreach (var vma in _table.Vmas)
            {
                for (int i = 0; i < vma.Ptes.Length; i++)
                {
                    var pte = vma.Ptes[i];
                    if (pte.Has(HostPteFlags.Writable) && pte.Has(HostPteFlags.ReadOnly))
                    {
                        problems.Add($"hva 0x{vma.PageHva(i):x}: writable PTE in a read-only mapping");
                    }
                    if (!pte.Has(HostPteFlags.Present) || pte.Pfn == ZeroPfn)
                    {
                        if (pte.Has(HostPteFlags.Present) && pte.Has(HostPteFlags.Writable))
                        {
                            problems.Add($"hva 0x{vma.PageHva(i):x}: writable mapping of the zero page");
                        }
                        continue;
                    }
                    if (!_frames.IsAllocated(pte.Pfn))
                    {
                        problems.Add($"hva 0x{vma.PageHva(i):x}: PTE maps free pfn 0x{pte.Pfn:x}");
                        continue;
                    }
                    pteFrames.Add(pte.Pfn);
                    expectedMaps[pte.Pfn] = expectedMaps.GetValueOrDefault(pte.Pfn) + 1;
                }
            }
            var snapshotFrames = new HashSet<ulong>();
            foreach (var s in _snapshots)
            {
                foreach (ulong pfn in s.Pfns)
                {
                    if (pfn is 0 or ZeroPfn)
                    {
                        continue;
                    }
                    if (!_frames.IsAllocated(pfn))
                    {
                        problems.Add($"snapshot at 0x{s.Hva:x} holds free pfn 0x{pfn:x}");
                        continue;
                    }
                    snapshotFrames.Add(pfn);
                    expectedMaps[pfn] = expectedMaps.GetValueOrDefault(pfn) + 1;
                }
            }
            long gup = 0;
            long allocated = 0;
            for (ulong pfn = ZeroPfn + 1; pfn < _frames.HighWater; pfn++)
            {
                if (!_frames.IsAllocated(pfn))
                {
                    continue;
                }
                allocated++;
                int maps = _frames.MapCount(pfn);
                int refs = _frames.RefCount(pfn);
                int expected = expectedMaps.GetValueOrDefault(pfn);
                if (maps != expected)
                {
                    problems.Add($"pfn 0x{pfn:x}: mapcount {maps}, but {expected} PTEs/snapshot holds map it");
                }
                if (refs < maps)
                {
                    problems.Add($"pfn 0x{pfn:x}: refcount {refs} < mapcount {maps}");
                }
                gup += refs - maps;
                if (expected == 0 && refs == maps)
                {
                    problems.Add($"pfn 0x{pfn:x}: allocated but unreferenced (leak)");
                }
            }
            if (allocated != _frames.InUse)
            {
                problems.Add($"allocator counts {_frames.InUse} frames in use, walk found {allocated}");
            }
            snapshotFrames.ExceptWith(pteFrames);
            return new HostMmAudit(_frames.InUse, pteFrames.Count, snapshotFrames.Count, gup, problems);
        }
    }
}
