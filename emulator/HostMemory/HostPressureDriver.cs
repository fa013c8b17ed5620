using System.Diagnostics;

namespace Emu.Emulator.HostMemory;

/// <summary>
/// Host memory pressure on its own thread: a seeded, rate-controlled mix of KSM passes, COW snapshots,
/// swap-outs, balloon inflate/deflate, aging and mprotect downgrades on random page ranges, so that the
/// VM's notifier paths race the vCPUs for real.
/// </summary>
/// <remarks>
/// Guest-visible semantics are preserved: COW snapshots are released again, mprotect downgrades are
/// upgraded again (both a few operations later, and all of them on <see cref="Stop"/>), the balloon acts
/// only on <see cref="HostPressureOptions.BalloonRange"/> and is deflated again. While a downgrade is in
/// effect, FaultIn(write) on that range fails: a VM under Mprotect pressure must treat the failure as
/// transient (mmu_stress_test: KVM_RUN fails with EFAULT until the upgrade).
/// Threading: Start/Stop/Dispose from one controlling thread; counters readable from any thread. The
/// pending-undo lists are touched only by the driver thread (and by Stop after the thread ended).
/// </remarks>
public sealed class HostPressureDriver : IDisposable
{
    private static readonly PressureKinds[] AllKinds =
        [PressureKinds.Ksm, PressureKinds.Cow, PressureKinds.Swap, PressureKinds.Balloon, PressureKinds.Age, PressureKinds.Mprotect];

    private readonly HostMm _mm;
    private readonly HostPressureOptions _options;
    private readonly PressureKinds[] _enabled;
    private readonly long[] _counts = new long[AllKinds.Length];
    private readonly Random _random;
    // Pending undo actions with the operation number at which they run (driver thread only).
    private readonly List<(long Due, CowSnapshot Snapshot)> _snapshots = [];
    private readonly List<(long Due, HvaRange Range)> _downgrades = [];
    private readonly List<(long Due, HvaRange Range)> _inflated = [];
    private Thread? _thread;
    private volatile bool _stopRequested;
    private long _operations;

    public HostPressureDriver(HostMm mm, HostPressureOptions options)
    {
        ArgumentNullException.ThrowIfNull(mm);
        ArgumentNullException.ThrowIfNull(options);
        _mm = mm;
        _options = options;
        Seed = options.Seed ?? Environment.TickCount;
        _random = new Random(Seed);
        var enabled = new List<PressureKinds>();
        foreach (var k in AllKinds)
        {
            if ((options.Kinds & k) == 0)
            {
                continue;
            }
            if (k == PressureKinds.Balloon ? options.BalloonRange is { Size: >= HostMm.PageSize } : options.Ranges.Count > 0)
            {
                enabled.Add(k);
            }
        }
        _enabled = [.. enabled];
    }

    /// <summary>The seed in use (print it with a failure to reproduce the run's choices).</summary>
    public int Seed { get; }

    /// <summary>Whether the driver thread has ended (MaxOperations reached, an error, or Stop).</summary>
    public bool Finished => _thread is { IsAlive: false };

    /// <summary>Operations done so far.</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>The exception that stopped the driver thread, if any (also rethrown by <see cref="Stop"/>).</summary>
    public Exception? Error { get; private set; }

    /// <summary>Operations done of one kind (<paramref name="kind"/> a single flag).</summary>
    public long Count(PressureKinds kind)
    {
        int i = Array.IndexOf(AllKinds, kind);
        return i < 0 ? throw new ArgumentException("one kind at a time", nameof(kind)) : Interlocked.Read(ref _counts[i]);
    }

    public override string ToString() =>
        $"host pressure seed {Seed}: " + string.Join(", ", AllKinds.Select(k => $"{k.ToString().ToLowerInvariant()} {Count(k)}"));

    public void Start()
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("already started");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = $"host-pressure (seed {Seed})" };
        _thread.Start();
    }

    /// <summary>
    /// Stop the thread, then undo everything still pending (release snapshots, restore write permission,
    /// deflate the balloon). Rethrows (wrapped) an exception that stopped the thread.
    /// </summary>
    public void Stop()
    {
        _stopRequested = true;
        _thread?.Join();
        UndoDue(long.MaxValue);
        if (Error is { } e)
        {
            Error = null;
            throw new InvalidOperationException($"host pressure driver failed ({ToString()})", e);
        }
    }

    public void Dispose()
    {
        if (_thread is not null && !_stopRequested)
        {
            _stopRequested = true;
            _thread.Join();
            UndoDue(long.MaxValue);
        }
    }

    private void Run()
    {
        try
        {
            var clock = Stopwatch.StartNew();
            double rate = _options.OperationsPerSecond;
            long limit = _options.MaxOperations ?? long.MaxValue;
            while (!_stopRequested && _enabled.Length > 0)
            {
                long op = Interlocked.Read(ref _operations);
                if (op >= limit)
                {
                    break;
                }
                if (rate > 0)
                {
                    // Pace against the start time so the long-run rate holds even if single operations are slow.
                    double due = op / rate;
                    double now = clock.Elapsed.TotalSeconds;
                    if (due > now)
                    {
                        Thread.Sleep(TimeSpan.FromSeconds(Math.Min(due - now, 0.05)));
                        continue;
                    }
                }
                UndoDue(op);
                var kind = _enabled[_random.Next(_enabled.Length)];
                Apply(kind, op);
                Interlocked.Increment(ref _counts[Array.IndexOf(AllKinds, kind)]);
                Interlocked.Increment(ref _operations);
            }
        }
        catch (Exception e) when (e is not ThreadInterruptedException)
        {
            Error = e;
        }
    }

    private void Apply(PressureKinds kind, long op)
    {
        long hold = op + 1 + _random.Next(Math.Max(1, _options.MaxHoldOperations));
        switch (kind)
        {
            case PressureKinds.Ksm:
                {
                    var r = PickRange(_options.Ranges, _options.MaxPagesPerKsmPass);
                    _mm.KsmMerge(r.Start, r.Size);
                    break;
                }
            case PressureKinds.Cow:
                {
                    var r = PickRange(_options.Ranges, _options.MaxPagesPerOperation);
                    _snapshots.Add((hold, _mm.ShareCow(r.Start, r.Size)));
                    break;
                }
            case PressureKinds.Swap:
                {
                    var r = PickRange(_options.Ranges, _options.MaxPagesPerOperation);
                    _mm.SwapOut(r.Start, r.Size);
                    break;
                }
            case PressureKinds.Balloon:
                {
                    var r = PickRange([_options.BalloonRange!.Value], _options.MaxPagesPerOperation);
                    _mm.BalloonInflate(r.Start, r.Size);
                    _inflated.Add((hold, r));
                    break;
                }
            case PressureKinds.Age:
                {
                    var r = PickRange(_options.Ranges, _options.MaxPagesPerOperation);
                    if (_random.Next(2) == 0)
                    {
                        _mm.AgeRange(r.Start, r.Size);
                    }
                    else
                    {
                        _mm.ClearYoung(r.Start, r.Size);
                    }
                    break;
                }
            case PressureKinds.Mprotect:
                {
                    var r = PickRange(_options.Ranges, _options.MaxPagesPerOperation);
                    _mm.Mprotect(r.Start, r.Size, writable: false);
                    _downgrades.Add((hold, r));
                    break;
                }
        }
    }

    // Undo every pending action due at or before operation `op`.
    private void UndoDue(long op)
    {
        for (int i = _snapshots.Count - 1; i >= 0; i--)
        {
            if (_snapshots[i].Due <= op)
            {
                _snapshots[i].Snapshot.Dispose();
                _snapshots.RemoveAt(i);
            }
        }
        for (int i = _downgrades.Count - 1; i >= 0; i--)
        {
            if (_downgrades[i].Due <= op)
            {
                var r = _downgrades[i].Range;
                _downgrades.RemoveAt(i);
                // Overlapping downgrades: only upgrade pages no other pending downgrade still covers.
                RestoreWrite(r);
            }
        }
        for (int i = _inflated.Count - 1; i >= 0; i--)
        {
            if (_inflated[i].Due <= op)
            {
                var r = _inflated[i].Range;
                _inflated.RemoveAt(i);
                _mm.BalloonDeflate(r.Start, r.Size);
            }
        }
    }

    private void RestoreWrite(HvaRange r)
    {
        for (ulong page = r.Start; page < r.End; page += HostMm.PageSize)
        {
            bool stillDown = false;
            foreach (var (_, other) in _downgrades)
            {
                if (page >= other.Start && page < other.End)
                {
                    stillDown = true;
                    break;
                }
            }
            if (!stillDown)
            {
                _mm.Mprotect(page, HostMm.PageSize, writable: true);
            }
        }
    }

    private HvaRange PickRange(IReadOnlyList<HvaRange> ranges, int maxPages)
    {
        var range = ranges[_random.Next(ranges.Count)];
        long pages = (long)(range.Size / HostMm.PageSize);
        int n = (int)Math.Min(pages, 1 + _random.Next(Math.Max(1, maxPages)));
        long first = _random.NextInt64(pages - n + 1);
        return new HvaRange(range.Start + (ulong)first * HostMm.PageSize, (ulong)n * HostMm.PageSize);
    }
}
