namespace Emu.Emulator.HostMemory;

/// <summary>
/// The other side of a fork-like COW share made by <see cref="HostMm.ShareCow"/>: it holds one mapping
/// reference (map count and reference count) on every resident frame of the range as it was at the
/// share, as a child process's PTEs would. Pages that were not resident (never touched, or swapped out)
/// are recorded as absent: this model does not share swap slots. Dispose drops the references (the
/// child exits); the parent's mappings are unaffected, so no notifier runs.
/// </summary>
public sealed class CowSnapshot : IDisposable
{
    private readonly HostMm _mm;

    internal CowSnapshot(HostMm mm, ulong hva, ulong[] pfns)
    {
        _mm = mm;
        Hva = hva;
        Pfns = pfns;
    }

    /// <summary>HVA of the first page of the shared range.</summary>
    public ulong Hva { get; }

    public int PageCount => Pfns.Length;

    /// <summary>Frame held for each page (0 = absent, <see cref="HostMm.ZeroPfn"/> = the zero page). HostMm lock.</summary>
    internal ulong[] Pfns { get; }

    /// <summary>Whether <see cref="Dispose"/> ran. HostMm lock.</summary>
    internal bool Released { get; set; }

    /// <summary>Copy the snapshot's view of page <paramref name="index"/>; false if the page was absent.</summary>
    public bool TryReadPage(int index, Span<byte> destination) => _mm.ReadSnapshotPage(this, index, destination);

    public void Dispose() => _mm.ReleaseSnapshot(this);
}
