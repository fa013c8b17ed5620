namespace Emu.Tracing.Analysis;

/// <summary>
/// What `emu-trace plot` draws, gathered in one pass: events per second of each event in each family,
/// and per-page activity (GPA faults on RAM pages; MMIO exits on device pages, kept apart because a UART
/// page polled thousands of times would swamp the RAM rows).
/// </summary>
/// <remarks>
/// Memory is bins × (event kinds + <see cref="TrackedPagesPerRow"/> × shown pages), not bins × pages touched
/// (a Linux boot touches tens of thousands). Exact totals are kept for every page (16 bytes each), and time
/// series for the pages that lead so far (Space-Saving, Metwally et al. 2005): when the table is full, the
/// series of the page with the lowest total gives way. A page shown in the end that once gave way lacks its
/// early bins; <see cref="Pages"/> reports how many such rows there are.
/// </remarks>
public sealed class PlotData
{
    /// <summary>Panels, in drawing order: family title and the events it holds.</summary>
    public static readonly (string Family, string[] Events)[] Families =
    [
        ("vCPU run loop (kvm_enter / kvm_reenter / kvm_out)", ["VcpuEnter", "VcpuReenter", "VcpuOut"]),
        ("Exits (kvm_exit)", ["Exit"]),
        ("GPA faults and retries", ["GpaFault", "GpaFaultRetry"]),
        ("MMIO exits", ["MmioExit"]),
        ("Shadow flushes and MMU notifier calls", ["FlushShadow", "Notifier"]),
        ("Host memory events", ["HostMmEvent"]),
        ("Guest TLB writes and ASID changes", ["GuestTlbWrite", "AsidChange"]),
        ("Memslots, dirty log, gdb", ["MemslotChange", "DirtyLogGet", "GdbPacket"]),
        ("Interrupt lines, WAIT block and wake-up", ["IrqLine", "VcpuBlock", "VcpuWake"]),
        ("Guest PC samples", ["GuestPcSample"]),
        ("JIT regions compiled and dropped", ["RegionCompiled", "RegionInvalidated"]),
    ];

    private readonly int _bins;
    private AdaptiveBins? _time;
    private readonly Dictionary<string, double[]> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _deviceOfPage = [];
    private readonly PageSeries _ram;
    private readonly PageSeries _mmio;

    /// <summary>Series kept per page shown: enough that a page seldom loses its series before it leads.</summary>
    public const int TrackedPagesPerRow = 16;

    public PlotData(int bins, int maxPages)
    {
        _bins = bins;
        _ram = new PageSeries(this, maxPages * TrackedPagesPerRow);
        _mmio = new PageSeries(this, maxPages * TrackedPagesPerRow);
    }

    public void Add(EmuKvmRecord r)
    {
        // The first event fixes the origin; bins then widen (doubling) as the trace goes on.
        _time ??= new AdaptiveBins(2 * _bins, r.TimeMs, 0.01);
        var bin = _time.BinOf(r.TimeMs);
        var name = TraceReport.EventName(r);
        Series(_counts, name)[bin]++;
        switch (r)
        {
            case GpaFaultRecord f:
                _ram.Add(f.Gpa >> 12, bin);
                break;
            case MmioExitRecord m:
                _mmio.Add(m.Gpa >> 12, bin);
                _deviceOfPage.TryAdd(m.Gpa >> 12, m.Device);
                break;
        }
    }

    private double[] Series(Dictionary<string, double[]> d, string key)
    {
        if (!d.TryGetValue(key, out var s))
        {
            d[key] = s = _time!.NewSeries();
        }
        return s;
    }

    /// <summary>Bin centres in seconds since the session started.</summary>
    public double[] TimesSec => _time?.CentresSec() ?? [];

    /// <summary>Bin width in seconds.</summary>
    public double BinSec => (_time?.WidthMs ?? 1) / 1000;

    /// <summary>Start of the first bin in seconds.</summary>
    public double StartSec => (_time?.StartMs ?? 0) / 1000;

    /// <summary>Events per second of <paramref name="name"/> per bin, or null if the trace has none.</summary>
    public double[]? RatePerSec(string name) =>
        _counts.TryGetValue(name, out var s) ? [.. s.Take(_time!.Used).Select(c => c / BinSec)] : null;

    /// <summary>
    /// The <paramref name="max"/> busiest pages (ascending page number), their counts per bin, and how many
    /// of them lost their series once (their early bins read zero).
    /// </summary>
    public (ulong[] Pages, double[,] Counts, int Incomplete) Pages(bool mmio, int max)
    {
        var d = mmio ? _mmio : _ram;
        var pages = d.Totals.OrderByDescending(kv => kv.Value).Take(max).Select(kv => kv.Key).Order().ToArray();
        var used = _time?.Used ?? 0;
        var counts = new double[pages.Length, used];
        var incomplete = 0;
        for (var i = 0; i < pages.Length; i++)
        {
            if (!d.Series.TryGetValue(pages[i], out var s) || s.Dropped)
            {
                incomplete++;
            }
            if (s.Counts is null)
            {
                continue;
            }
            for (var t = 0; t < used; t++)
            {
                counts[i, t] = s.Counts[t];
            }
        }
        return (pages, counts, incomplete);
    }

    /// <summary>The device first seen on an MMIO page (from MmioExit's device field), or "".</summary>
    public string DeviceOf(ulong page) => _deviceOfPage.GetValueOrDefault(page, "");

    /// <summary>Pages with any activity (how many the heatmap leaves out).</summary>
    public int PageCount(bool mmio) => (mmio ? _mmio : _ram).Totals.Count;

    /// <summary>Exact per-page totals, and time series for at most <c>capacity</c> pages (see remarks above).</summary>
    private sealed class PageSeries(PlotData owner, int capacity)
    {
        public Dictionary<ulong, long> Totals { get; } = [];
        public Dictionary<ulong, (double[] Counts, bool Dropped)> Series { get; } = [];
        private readonly HashSet<ulong> _everDropped = [];
        private long _minTracked; // a lower bound of the smallest tracked total (totals only grow)

        public void Add(ulong page, int bin)
        {
            var total = Totals.GetValueOrDefault(page) + 1;
            Totals[page] = total;
            if (!Series.TryGetValue(page, out var s))
            {
                if (Series.Count >= capacity)
                {
                    if (total <= _minTracked)
                    {
                        return; // every tracked page leads this one (or ties): it stays untracked for now
                    }
                    var victim = Series.Keys.MinBy(p => Totals[p]);
                    _minTracked = Totals[victim];
                    if (_minTracked >= total)
                    {
                        return;
                    }
                    var freed = Series[victim].Counts;
                    Series.Remove(victim);
                    _everDropped.Add(victim);
                    Array.Clear(freed);
                    s = (freed, _everDropped.Contains(page) || total > 1);
                }
                else
                {
                    s = (owner._time!.NewSeries(), _everDropped.Contains(page) || total > 1);
                }
                Series[page] = s;
            }
            s.Counts[bin]++;
        }
    }
}
