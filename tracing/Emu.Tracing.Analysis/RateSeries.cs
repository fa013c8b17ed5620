namespace Emu.Tracing.Analysis;

/// <summary>Time-binned views of a trace: event rates per kind, and a page × time activity grid.</summary>
public static class RateSeries
{
    /// <summary>Events per second of each event kind, in <paramref name="bins"/> equal time bins.</summary>
    public static (double[] TimesS, Dictionary<string, double[]> PerSecond) Rates(TraceData data, int bins)
    {
        var (start, width) = Bins(data, bins);
        var rates = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var r in data.Records)
        {
            var name = TraceReport.EventName(r);
            if (!rates.TryGetValue(name, out var series))
            {
                rates[name] = series = new double[bins];
            }
            series[Bin(r.TimeMs, start, width, bins)] += 1000.0 / width;
        }
        var times = Enumerable.Range(0, bins).Select(i => (start + (i + 0.5) * width) / 1000).ToArray();
        return (times, rates);
    }

    /// <summary>
    /// How often each guest page was involved in a GPA fault (or, in a trace without faults, was the
    /// BadVAddr/PC page of an exit) per time bin: rows are the <paramref name="maxPages"/> busiest pages.
    /// </summary>
    public static (double[,] Counts, ulong[] Pages, string What) PageHeatmap(TraceData data, int bins, int maxPages)
    {
        var faults = data.Of<GpaFaultRecord>().Select(f => (f.TimeMs, Page: f.Gpa >> 12)).ToList();
        var what = "GPA page faults";
        if (faults.Count == 0)
        {
            faults = [.. data.Of<ExitRecord>().Select(e => (e.TimeMs, Page: (ulong)((e.BadVAddr != 0 ? e.BadVAddr : e.Pc) >> 12)))];
            what = "exits by guest page (BadVAddr, else PC)";
        }
        var pages = faults.GroupBy(f => f.Page).OrderByDescending(g => g.Count()).Take(maxPages).Select(g => g.Key).Order().ToArray();
        var row = pages.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var (start, width) = Bins(data, bins);
        var counts = new double[Math.Max(pages.Length, 1), bins];
        foreach (var (t, page) in faults)
        {
            if (row.TryGetValue(page, out var i))
            {
                counts[i, Bin(t, start, width, bins)]++;
            }
        }
        return (counts, pages, what);
    }

    private static (double StartMs, double WidthMs) Bins(TraceData data, int bins)
    {
        if (data.Records.Count == 0)
        {
            return (0, 1);
        }
        var start = data.Records.Min(r => r.TimeMs);
        var end = data.Records.Max(r => r.TimeMs);
        return (start, Math.Max((end - start) / bins, 1e-3));
    }

    private static int Bin(double t, double start, double width, int bins) => Math.Clamp((int)((t - start) / width), 0, bins - 1);
}
