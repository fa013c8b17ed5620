using System.CommandLine;
using Emu.Tracing.Analysis;

namespace Emu.Trace;

/// <summary>
/// `emu-trace export FILE --format chrome|speedscope`: a timeline with one track per vCPU.
/// (`dotnet-trace convert` converts only CPU-sample stacks, so Emu-Kvm events need this.)
/// </summary>
public static class ExportCommand
{
    /// <summary>About where Perfetto's and chrome://tracing's JSON importers run out of browser memory (~190 B an event).</summary>
    private const long LargeForPerfetto = 3_000_000;

    public static Command Create()
    {
        var input = new TraceInput();
        var format = new Option<string>("--format", "-f") { Description = "chrome (chrome://tracing, Perfetto) or speedscope", DefaultValueFactory = _ => "chrome" };
        format.AcceptOnlyFromAmong("chrome", "speedscope");
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: FILE.chrome.json / FILE.speedscope.json)" };
        var every = new Option<int>("--every") { Description = "Keep one event in N of each kind (with --from/--to, makes a long trace small enough for Perfetto)", DefaultValueFactory = _ => 1 };
        var cmd = new Command("export", "Write a timeline of the trace for chrome://tracing, ui.perfetto.dev or speedscope") { format, output, every };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var path = input.PathOf(parse);
            var filter = input.FilterOf(parse);
            var n = parse.GetValue(every);
            if (n < 1)
            {
                throw new UsageException("--every: must be 1 or more");
            }
            var fmt = parse.GetValue(format)!;
            var outPath = parse.GetValue(output) ?? Path.ChangeExtension(path, $".{fmt}.json");
            long written;
            using (var stream = File.Create(outPath))
            {
                // Streamed: each record is written (chrome) or spooled per track (speedscope) as it is read.
                if (fmt == "chrome")
                {
                    using var w = new ChromeTraceWriter(stream, 1);
                    TraceInput.Read(path, filter, new EverySampler(n, w.Add).Add, w.Add);
                    written = w.Written;
                }
                else
                {
                    using var w = new SpeedscopeWriter(stream);
                    TraceInput.Read(path, filter, new EverySampler(n, w.Add).Add);
                    written = w.Written;
                }
            }
            Console.Error.WriteLine($"emu-trace: wrote {outPath} ({written:N0} events, {new FileInfo(outPath).Length / 1e6:F1} MB)");
            if (written > LargeForPerfetto)
            {
                Console.Error.WriteLine($"emu-trace: note: over {LargeForPerfetto:N0} events; if the viewer cannot open it, narrow it with --from/--to, --vcpu, --events or --every N");
            }
            return 0;
        });
        return cmd;
    }
}
