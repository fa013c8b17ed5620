namespace Emu.Emulator.Snapshot;

/// <summary>
/// A machine's snapshots: named ones (monitor <c>snapshot save NAME</c>, QEMU's savevm), kept until deleted, and the
/// automatic history (<c>--snapshot-every N</c>) that reverse execution replays from, kept in timeline order
/// (<see cref="MachineSnapshot.Position"/>) and
/// bounded by <see cref="MemoryBudgetBytes"/> (the oldest go first; the first one, the start of history, stays while
/// any other can go, so reverse execution can always reach back to where recording began).
/// </summary>
/// <remarks><see cref="_lock"/> guards both collections: the monitor (gdb or console thread) and the vCPU thread (the
/// automatic snapshots) both use the store, each only while no vCPU runs.</remarks>
public sealed class SnapshotStore : IDisposable
{
    private readonly Machine _machine;
    private readonly object _lock = new();
    private readonly Dictionary<string, MachineSnapshot> _named = new(StringComparer.Ordinal);
    private readonly List<MachineSnapshot> _history = [];

    public SnapshotStore(Machine machine, long every = 0, long memoryBudgetBytes = long.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(every);
        _machine = machine;
        Every = every;
        MemoryBudgetBytes = memoryBudgetBytes;
    }

    /// <summary>Instructions (of vCPU 0) between automatic snapshots; 0: none.</summary>
    public long Every { get; }

    /// <summary>Bound on what the automatic history holds: frames only the snapshots keep, plus their device state.</summary>
    public long MemoryBudgetBytes { get; }

    /// <summary>Automatic snapshots taken, and dropped to stay within the budget (for the summary).</summary>
    public long Taken { get; private set; }

    public long Dropped { get; private set; }

    public MachineSnapshot Save(string name)
    {
        var snapshot = _machine.SaveSnapshot(name);
        lock (_lock)
        {
            if (_named.Remove(name, out var old))
            {
                old.Dispose();
            }
            _named[name] = snapshot;
        }
        return snapshot;
    }

    /// <summary>Loads a named snapshot; false if there is none by that name.</summary>
    public bool Load(string name)
    {
        MachineSnapshot? snapshot;
        lock (_lock)
        {
            _named.TryGetValue(name, out snapshot);
        }
        if (snapshot is null)
        {
            return false;
        }
        _machine.LoadSnapshot(snapshot);
        AfterLoad?.Invoke();
        return true;
    }

    /// <summary>Called after a named snapshot is loaded (guest time moved: the automatic hook re-arms).</summary>
    public Action? AfterLoad { get; set; }

    public bool Delete(string name)
    {
        lock (_lock)
        {
            if (!_named.Remove(name, out var old))
            {
                return false;
            }
            old.Dispose();
            return true;
        }
    }

    public IReadOnlyList<MachineSnapshot> Named
    {
        get
        {
            lock (_lock)
            {
                return [.. _named.Values.OrderBy(s => s.Instructions)];
            }
        }
    }

    /// <summary>The automatic history, oldest first.</summary>
    public IReadOnlyList<MachineSnapshot> History
    {
        get
        {
            lock (_lock)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>Takes an automatic snapshot now (replacing one at the same timeline position) and trims the history to the budget.</summary>
    public MachineSnapshot TakeAutomatic()
    {
        var snapshot = _machine.SaveSnapshot($"auto-{_machine.Cpu.InstructionsRetired}");
        lock (_lock)
        {
            var at = _history.FindIndex(s => s.Position >= snapshot.Position);
            if (at >= 0 && _history[at].Position == snapshot.Position)
            {
                _ownPages?.Remove(_history[at]);
                _history[at].Dispose();
                _history[at] = snapshot;
            }
            else
            {
                at = at < 0 ? _history.Count : at;
                _history.Insert(at, snapshot);
            }
            Taken++;
            RecountAround(at);
            while (_history.Count > 2 && EstimatedBytesLocked() > MemoryBudgetBytes)
            {
                // Keep the start of history; drop the oldest after it.
                _ownPages?.Remove(_history[1]);
                _history[1].Dispose();
                _history.RemoveAt(1);
                Dropped++;
                RecountAround(1);
            }
            return snapshot;
        }
    }

    /// <summary>The newest automatic snapshot at or before <paramref name="instructions"/> of vCPU 0, or null.</summary>
    public MachineSnapshot? AtOrBefore(long instructions) => Newest(s => s.Instructions <= instructions);

    /// <summary>The newest automatic snapshot (in timeline order, <see cref="MachineSnapshot.Position"/>) that satisfies <paramref name="match"/>.</summary>
    public MachineSnapshot? Newest(Func<MachineSnapshot, bool> match)
    {
        lock (_lock)
        {
            return _history.LastOrDefault(match);
        }
    }

    /// <summary>Bytes the automatic history holds now (frames no longer mapped by the guest, plus device state).</summary>
    public long HistoryBytes
    {
        get
        {
            lock (_lock)
            {
                return HistoryBytesLocked();
            }
        }
    }

    // Pages each automatic snapshot holds that the next newer one does not (what dropping it would free, about):
    // kept up to date for the neighbours of each insert and removal, so a new snapshot costs one pass over the pages
    // rather than one per snapshot held. Made at the first automatic snapshot: most runs take none, and the
    // dictionary's generic type over a value took 0.3 ms of every start-up to load. _lock.
    private Dictionary<MachineSnapshot, long>? _ownPages;

    private void RecountAround(int index)
    {
        for (var i = Math.Max(0, index - 1); i <= Math.Min(index, _history.Count - 2); i++)
        {
            (_ownPages ??= new(ReferenceEqualityComparer.Instance))[_history[i]] = PagesNotIn(_history[i], _history[i + 1]);
        }
    }

    private static long PagesNotIn(MachineSnapshot older, MachineSnapshot newer)
    {
        long n = 0;
        for (var region = 0; region < Math.Min(older.Memory.Count, newer.Memory.Count); region++)
        {
            var a = older.Memory[region].Pages.Pfns;
            var b = newer.Memory[region].Pages.Pfns;
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] > HostMemory.HostMm.ZeroPfn && a[i] != b[i])
                {
                    n++;
                }
            }
        }
        return n;
    }

    /// <summary>The budget check: own pages of every snapshot but the newest (whose pages the guest mostly still maps), plus state.</summary>
    private long EstimatedBytesLocked() =>
        ((_ownPages?.Values.Sum() ?? 0) * HostMemory.HostMm.PageSize) + _history.Sum(s => (long)s.StateBytes);

    private long HistoryBytesLocked()
    {
        if (_history.Count == 0)
        {
            return 0;
        }
        long pages = 0;
        for (var region = 0; region < _history[0].Memory.Count; region++)
        {
            pages += _machine.HostMm.CountSnapshotOnlyPages([.. _history.Where(s => s.Memory.Count > region).Select(s => s.Memory[region].Pages)]);
        }
        return (pages * HostMemory.HostMm.PageSize) + _history.Sum(s => (long)s.StateBytes);
    }

    // A cold path out of Dispose, which every run calls (README, "Start-up": the value enumerator's types are loaded only
    // when a snapshot was saved). _lock.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void DisposeNamed()
    {
        foreach (var s in _named.Values)
        {
            s.Dispose();
        }
        _named.Clear();
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_named.Count > 0)
            {
                DisposeNamed();
            }
            foreach (var s in _history)
            {
                s.Dispose();
            }
            _history.Clear();
            _ownPages = null;
        }
    }
}
