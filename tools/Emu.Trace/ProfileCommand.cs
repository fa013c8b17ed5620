using System.CommandLine;
using System.Text.Json;
using Emu.Tracing.Analysis;
using Spectre.Console;

namespace Emu.Trace;

/// <summary>
/// `emu-trace profile FILE [--symbols ELF|System.map] [-o out.speedscope.json]`: where the guest spends its
/// instructions (GuestPcSample, keyword Sample 0x400) and its exits, by function and by PC.
/// </summary>
public static class ProfileCommand
{
    public static Command Create()
    {
        var input = new TraceInput();
        var symbols = new Option<FileInfo?>("--symbols", "-s") { Description = "Guest symbols: an ELF (the guest program, vmlinux) or System.map / /proc/kallsyms text" };
        var top = new Option<int>("--top") { Description = "Rows in each table", DefaultValueFactory = _ => 20 };
        var output = new Option<string?>("--output", "-o") { Description = "Also write a speedscope flame graph (function → hot PCs) to this file" };
        var json = new Option<bool>("--json") { Description = "Print the by-function rows as JSON" };
        var cmd = new Command("profile", "Guest hot spots by function and PC, from PC samples and exits, with symbols from an ELF or System.map")
        {
            symbols, top, output, json,
        };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var path = input.PathOf(parse);
            var table = SymbolTable.Empty;
            if (parse.GetValue(symbols) is { } sym)
            {
                table = sym.Exists ? SymbolTable.Load(sym.FullName) : throw new UsageException($"{sym.FullName}: no such file");
            }
            var n = parse.GetValue(top);
            if (n < 1)
            {
                throw new UsageException("--top: must be 1 or more");
            }
            var builder = new ProfileBuilder();
            TraceInput.Read(path, input.FilterOf(parse), builder.Add);
            if (builder.Samples == 0)
            {
                Console.Error.WriteLine("emu-trace: note: no GuestPcSample events: collect with the Sample keyword (--keywords all or 0x400; " +
                                        "dotnet-trace: Emu-Kvm:0x400:5:SampleInterval=10000); showing exits only");
            }
            var byFunction = builder.ByFunction(table);
            if (parse.GetValue(output) is { } outPath)
            {
                using var stream = File.Create(outPath);
                builder.WriteSpeedscope(stream, table);
                Console.Error.WriteLine($"emu-trace: wrote {outPath} (open at https://www.speedscope.app)");
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(byFunction.Take(n), ReportJson.Options));
                return 0;
            }
            AnsiConsole.MarkupLine($"[bold]Guest profile[/]: {builder.Samples:N0} PC samples" + (table.Count > 0 ? $", {table.Count:N0} symbols" : ", no symbols (--symbols)"));
            Render("Hot functions", byFunction.Take(n));
            Render("Hot PCs", builder.ByPc(table).Take(n));
            return 0;
        });
        return cmd;
    }

    private static void Render(string title, IEnumerable<ProfileRow> rows)
    {
        var t = new Table { Title = new TableTitle(title) }.AddColumn("where").AddColumn("samples", c => c.RightAligned())
            .AddColumn("%", c => c.RightAligned()).AddColumn("exits", c => c.RightAligned());
        foreach (var r in rows)
        {
            t.AddRow(Markup.Escape(r.Name), r.Samples.ToString("N0"), $"{r.Percent:F1}", r.Exits.ToString("N0"));
        }
        AnsiConsole.Write(t);
    }
}
