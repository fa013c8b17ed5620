using System.CommandLine;
using Emu.Tracing.Analysis;
using ScottPlot;

namespace Emu.Trace;

/// <summary>
/// `emu-trace plot FILE -o out.png`: one small panel per event family (events per second, seconds on x,
/// one colour per event), then a heatmap of GPA faults by guest RAM page and one of MMIO exits by device
/// page, each with page numbers on y and a log colour scale (a page hit once must still show).
/// </summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var input = new TraceInput();
        var output = new Option<string>("--output", "-o") { Description = "PNG file to write", DefaultValueFactory = _ => "emu-trace.png" };
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 1400 };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (default: 220 per panel)" };
        var bins = new Option<int>("--bins") { Description = "Time bins (at least; bins widen by doubling as the trace is read)", DefaultValueFactory = _ => 100 };
        var pages = new Option<int>("--pages") { Description = "Busiest pages shown in each heatmap", DefaultValueFactory = _ => 40 };
        var cmd = new Command("plot", "Draw event rates per family over time and guest-page heatmaps (RAM faults, MMIO) to a PNG") { output, width, height, bins, pages };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var path = input.PathOf(parse);
            var (w, n, p) = (parse.GetValue(width), parse.GetValue(bins), parse.GetValue(pages));
            if (w is < 200 or > 10000 || parse.GetValue(height) is < 200 or > 20000 || n is < 1 or > 10000 || p is < 1 or > 1000)
            {
                throw new UsageException("--width/--height must be 200..10000, --bins 1..10000, --pages 1..1000");
            }
            var data = new PlotData(n, p);
            var summary = TraceInput.Read(path, input.FilterOf(parse), data.Add);
            var (multiplot, panels) = Draw(data, p);
            var h = parse.GetValue(height) ?? Math.Clamp(panels * 220, 400, 20000);
            var outPath = parse.GetValue(output)!;
            multiplot.SavePng(outPath, w, h);
            Console.Error.WriteLine($"emu-trace: wrote {outPath} ({w}x{h}, {panels} panels, {summary.RecordsPassed:N0} events)");
            return 0;
        });
        return cmd;
    }

    private static (Multiplot Plot, int Panels) Draw(PlotData data, int maxPages)
    {
        var multiplot = new Multiplot(); // starts with one empty plot: the first panel reuses it
        var fresh = true;
        Plot NextPlot()
        {
            var next = fresh ? multiplot.GetPlot(0) : multiplot.AddPlot();
            fresh = false;
            return next;
        }
        var palette = new ScottPlot.Palettes.Category10();
        var times = data.TimesSec;
        var colour = 0;
        var panels = 0;
        foreach (var (family, events) in PlotData.Families)
        {
            var series = events.Select(e => (e, Rate: data.RatePerSec(e))).Where(s => s.Rate is not null).ToList();
            if (series.Count == 0)
            {
                continue;
            }
            var plot = NextPlot();
            panels++;
            foreach (var (name, rate) in series)
            {
                var line = plot.Add.Scatter(times, rate!);
                line.LegendText = $"{name} ({rate!.Sum() * data.BinSec:N0})";
                line.MarkerSize = 0;
                line.LineWidth = 1.5f;
                line.Color = palette.GetColor(colour++);
            }
            plot.Title(family, size: 13);
            plot.YLabel("events / s");
            plot.XLabel("seconds since the session started");
            plot.ShowLegend(Alignment.UpperRight);
            plot.Axes.SetLimitsX(data.StartSec, data.StartSec + (times.Length * data.BinSec));
        }
        panels += Heatmap(NextPlot, data, mmio: false, maxPages, "GPA faults by guest RAM page (GFN)");
        panels += Heatmap(NextPlot, data, mmio: true, maxPages, "MMIO exits by device page (page address)");
        if (panels == 0)
        {
            NextPlot().Title("no Emu-Kvm events in this trace (or none pass the filters)");
            panels = 1;
        }
        return (multiplot, panels);
    }

    /// <summary>A page × time heatmap with the page numbers on y and log10(1 + count) as colour.</summary>
    private static int Heatmap(Func<Plot> nextPlot, PlotData data, bool mmio, int maxPages, string title)
    {
        var (pages, counts, incomplete) = data.Pages(mmio, maxPages);
        if (pages.Length == 0)
        {
            return 0;
        }
        var logCounts = new double[counts.GetLength(0), counts.GetLength(1)];
        for (var i = 0; i < pages.Length; i++)
        {
            for (var t = 0; t < counts.GetLength(1); t++)
            {
                logCounts[i, t] = Math.Log10(1 + counts[i, t]);
            }
        }
        var plot = nextPlot();
        var map = plot.Add.Heatmap(logCounts);
        map.FlipVertically = true; // row 0 (the lowest page) at the bottom, like the y labels
        map.Colormap = new ScottPlot.Colormaps.Turbo();
        var x0 = data.StartSec;
        var x1 = x0 + (counts.GetLength(1) * data.BinSec);
        map.Extent = new CoordinateRect(x0, x1, -0.5, pages.Length - 0.5);
        var bar = plot.Add.ColorBar(map);
        bar.Label = "log10(1+n)";
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var step = Math.Max(1, (pages.Length + 7) / 8); // at most 8 labels: legible in a 220-pixel panel
        for (var i = 0; i < pages.Length; i += step)
        {
            ticks.AddMajor(i, mmio ? $"{data.DeviceOf(pages[i])} 0x{pages[i] << 12:x8}".Trim() : $"0x{pages[i]:x}");
        }
        plot.Axes.Left.TickGenerator = ticks;
        var shown = pages.Length < data.PageCount(mmio) ? $"{pages.Length} busiest of {data.PageCount(mmio)} pages" : $"{pages.Length} pages";
        plot.Title($"{title}: {shown}" + (incomplete > 0 ? $" ({incomplete} rows lack their earliest bins)" : ""), size: 13);
        plot.XLabel("seconds since the session started");
        plot.YLabel(mmio ? "GPA page" : "GFN");
        plot.Axes.SetLimits(x0, x1, -0.5, pages.Length - 0.5);
        return 1;
    }
}
