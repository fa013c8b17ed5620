using System.CommandLine;
using System.Text.Json;
using Emu.Tracing.Analysis;
using Spectre.Console;

namespace Emu.Trace;

/// <summary>
/// `emu-trace stat FILE [--per-vcpu] [--json]`: the `perf kvm stat report` view. Rows use the names of
/// `emu run --stats`; see <see cref="StatBuilder"/> for which events make which row and how latency is timed.
/// </summary>
public static class StatCommand
{
    public static Command Create()
    {
        var input = new TraceInput();
        var perVcpu = new Option<bool>("--per-vcpu") { Description = "One table row per vCPU (default: all vCPUs summed)" };
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON (for scripts)" };
        var cmd = new Command("stat", "Exits by reason, GPA faults by path, flushes, notifier calls and JIT regions: count, Time%, min/avg/max latency (perf kvm stat)")
        {
            perVcpu, json,
        };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            var builder = new StatBuilder();
            var summary = TraceInput.Read(input.PathOf(parse), input.FilterOf(parse), builder.Add);
            var rows = builder.Build(parse.GetValue(perVcpu));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(rows, ReportJson.Options));
                return 0;
            }
            AnsiConsole.MarkupLine($"[bold]Emu-Kvm stat[/]: {summary.DurationMs / 1000:F3} s, {summary.RecordsPassed:N0} events" +
                                   (summary.EventsLost + summary.SeqGapEvents > 0 ? " [red](events were lost: counts are low)[/]" : ""));
            foreach (var group in rows.GroupBy(r => r.Group))
            {
                var table = new Table { Title = new TableTitle(Title(group.Key)) };
                table.AddColumn(group.Key == "vm" ? "event" : "vCPU");
                table.AddColumn("name");
                foreach (var c in new[] { "count", "Time%", "min µs", "avg µs", "max µs" })
                {
                    table.AddColumn(c, col => col.RightAligned());
                }
                foreach (var r in group)
                {
                    var timed = r.MaxNs > 0 || r.AvgNs > 0;
                    table.AddRow(r.Vcpu?.ToString() ?? (group.Key == "vm" ? "" : "all"), Markup.Escape(r.Name), r.Count.ToString("N0"),
                        timed ? $"{r.TimePercent:F2}%" : "-", timed ? Us(r.MinNs) : "-", timed ? Us(r.AvgNs) : "-", timed ? Us(r.MaxNs) : "-");
                }
                AnsiConsole.Write(table);
            }
            if (rows.Count == 0)
            {
                AnsiConsole.MarkupLine("[grey]no exits, faults, flushes, notifier calls or JIT regions in this trace[/]");
            }
            return 0;
        });
        return cmd;
    }

    private static string Title(string group) => group switch
    {
        "exits" => "Exits by reason (exit → re-entry; guest exceptions stay in the guest: no latency)",
        "gpa faults" => "GPA faults by path (fault duration)",
        "jit" => "JIT: regions compiled (compile time) and dropped",
        _ => "VM: flushes (vCPUs waited) and MMU-notifier calls (duration)",
    };

    private static string Us(double ns) => (ns / 1000).ToString("F2");
}
