using System.CommandLine;
using Emu.Tracing.Analysis;
using ScottPlot;

namespace Emu.Trace;

/// <summary>`emu-trace plot FILE -o out.png`: event rates over time above a guest-page activity heatmap.</summary>
public static class PlotCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = ".nettrace file" };
        var output = new Option<string>("--output", "-o") { Description = "PNG file to write", DefaultValueFactory = _ => "emu-trace.png" };
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => 1200 };
        var height = new Option<int>("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => 900 };
        var bins = new Option<int>("--bins") { Description = "Time bins", DefaultValueFactory = _ => 100 };
        var cmd = new Command("plot", "Draw event rates over time and a guest-page heatmap to a PNG") { file, output, width, height, bins };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"emu-trace: error: {path.FullName}: no such file");
                return 2;
            }
            var (w, h, n) = (parse.GetValue(width), parse.GetValue(height), parse.GetValue(bins));
            if (w is < 200 or > 10000 || h is < 200 or > 10000 || n is < 1 or > 10000)
            {
                Console.Error.WriteLine("emu-trace: error: --width/--height must be 200..10000 and --bins 1..10000");
                return 2;
            }
            var data = EmuTraceReader.ReadFile(path.FullName);
            var outPath = parse.GetValue(output)!;
            Draw(data, n).SavePng(outPath, w, h);
            Console.Error.WriteLine($"emu-trace: wrote {outPath} ({w}x{h}, {data.Records.Count} events)");
            return 0;
        });
        return cmd;
    }

    private static Multiplot Draw(TraceData data, int bins)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);

        var rates = multiplot.GetPlot(0);
        var (times, perSecond) = RateSeries.Rates(data, bins);
        foreach (var (name, series) in perSecond.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var line = rates.Add.Scatter(times, series);
            line.LegendText = name;
            line.MarkerSize = 0;
        }
        rates.Title("Emu-Kvm events per second");
        rates.XLabel("time since session start (s)");
        rates.YLabel("events / s");
        rates.ShowLegend(Alignment.UpperRight);

        var heat = multiplot.GetPlot(1);
        var (counts, pages, what) = RateSeries.PageHeatmap(data, bins, maxPages: 64);
        var map = heat.Add.Heatmap(counts);
        map.FlipVertically = true; // row 0 (lowest page) at the bottom
        heat.Add.ColorBar(map);
        heat.Title($"{what}: {pages.Length} busiest pages (rows, ascending) over time (columns)");
        heat.XLabel("time bin");
        heat.YLabel("page (rank by address)");
        return multiplot;
    }
}
