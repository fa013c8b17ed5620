namespace Emu.Tracing.Analysis;

/// <summary>
/// What `emu-trace plot` draws, gathered in one pass: events per second of each event in each family,
/// and per-page activity (GPA faults on RAM pages; MMIO exits on device pages, kept apart because a UART
/// page polled thousands of times would swamp the RAM rows). Memory: bins × (event kinds + pages touched).
/// </summary>
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
    ];

    private readonly int _bins;
    private AdaptiveBins? _time;
    private readonly Dictionary<string, double[]> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, double[]> _ramPages = [];
    private readonly Dictionary<ulong, double[]> _mmioPages = [];

    public PlotData(int bins) => _bins = bins;

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
                Series(_ramPages, f.Gpa >> 12)[bin]++;
                break;
            case MmioExitRecord m:
                Series(_mmioPages, m.Gpa >> 12)[bin]++;
                break;
        }
    }

    private double[] Series<TKey>(Dictionary<TKey, double[]> d, TKey key) where TKey : notnull
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

    /// <summary>The <paramref name="max"/> busiest pages (ascending page number) and their counts per bin.</summary>
    public (ulong[] Pages, double[,] Counts) Pages(bool mmio, int max)
    {
        var d = mmio ? _mmioPages : _ramPages;
        var pages = d.OrderByDescending(kv => kv.Value.Sum()).Take(max).Select(kv => kv.Key).Order().ToArray();
        var used = _time?.Used ?? 0;
        var counts = new double[pages.Length, used];
        for (var i = 0; i < pages.Length; i++)
        {
            for (var t = 0; t < used; t++)
            {
                counts[i, t] = d[pages[i]][t];
            }
        }
        return (pages, counts);
    }

    /// <summary>Pages with any activity (how many the heatmap leaves out).</summary>
    public int PageCount(bool mmio) => (mmio ? _mmioPages : _ramPages).Count;
}
