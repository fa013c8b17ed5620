using System.CommandLine;
using Emu.Tracing.Analysis;

namespace Emu.Trace;

/// <summary>
/// `emu-trace export FILE --format chrome|speedscope`: a timeline with one track per vCPU.
/// (`dotnet-trace convert` converts only CPU-sample stacks, so Emu-Kvm events need this.)
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = ".nettrace file" };
        var format = new Option<string>("--format", "-f") { Description = "chrome (chrome://tracing, Perfetto) or speedscope", DefaultValueFactory = _ => "chrome" };
        format.AcceptOnlyFromAmong("chrome", "speedscope");
        var output = new Option<string?>("--output", "-o") { Description = "Output file (default: FILE.chrome.json / FILE.speedscope.json)" };
        var cmd = new Command("export", "Write a timeline of the trace for chrome://tracing, ui.perfetto.dev or speedscope") { file, format, output };
        cmd.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                Console.Error.WriteLine($"emu-trace: error: {path.FullName}: no such file");
                return 2;
            }
            var fmt = parse.GetValue(format)!;
            var outPath = parse.GetValue(output) ?? Path.ChangeExtension(path.FullName, $".{fmt}.json");
            var data = EmuTraceReader.ReadFile(path.FullName);
            using (var stream = File.Create(outPath))
            {
                if (fmt == "chrome")
                {
                    ChromeTraceExporter.Write(data, stream);
                }
                else
                {
                    SpeedscopeExporter.Write(data, stream);
                }
            }
            Console.Error.WriteLine($"emu-trace: wrote {outPath} ({data.Records.Count} events)");
            return 0;
        });
        return cmd;
    }
}
