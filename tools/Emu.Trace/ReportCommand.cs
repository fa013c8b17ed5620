using System.CommandLine;
using System.Text.Json;
using Emu.Tracing;
using Emu.Tracing.Analysis;
using Spectre.Console;

namespace Emu.Trace;

/// <summary>`emu-trace report FILE [--json]`: the answers a trace holds, as tables or JSON.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new TraceInput();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for scripts)" };
        var top = new Option<int>("--top") { Description = "How many GPA pages to list", DefaultValueFactory = _ => 10 };
        var cmd = new Command("report", "Summarise a trace: exits, faults, latency, retries, flushes, notifiers, pages, host events") { json, top };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            // One pass; memory is the report's tables, not the trace.
            var builder = new ReportBuilder();
            var summary = TraceInput.Read(input.PathOf(parse), input.FilterOf(parse), builder.Add, builder.Add);
            var report = builder.Build(summary, parse.GetValue(top));
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(report, ReportJson.Options));
            }
            else
            {
                Render(report);
            }
            return 0;
        });
        return cmd;
    }

    private static void Render(TraceReport r)
    {
        AnsiConsole.MarkupLine($"[bold]Emu-Kvm trace[/]: {r.DurationMs / 1000:F3} s, {r.Events:N0} events, " +
                               $"lost: {r.EventsLost:N0} (EventPipe), {r.SeqGapEvents:N0} (per-vCPU seq gaps)");
        Table("Events", ["event", "count"], r.EventsByName.Select(e => new[] { e.Key, N(e.Count) }));
        Table("Exits by reason per vCPU", ["vCPU", "reason", "ExcCode", "code", "count"], r.Exits.Select(e => new[] { $"{e.Vcpu}", e.Reason, PayloadNames.Of((Emu.Tracing.ExitReason)e.Code), $"{e.Code}", N(e.Count) }));
        Table("GPA faults by path and result", ["path", "result", "count"], r.Faults.Select(f => new[] { f.Path, f.Result, N(f.Count) }));
        var l = r.FaultLatency;
        Table("GPA fault latency", ["faults", "p50 ns", "p90 ns", "p99 ns", "max ns"], [[N(l.Count), N(l.P50Ns), N(l.P90Ns), N(l.P99Ns), N(l.MaxNs)]]);
        var rate = r.DurationMs > 0 ? r.Retries / (r.DurationMs / 1000) : 0;
        Table("Retries", ["retries", "per second"], [[N(r.Retries), $"{rate:F1}"]]);
        Table("Flushes by cause", ["cause", "count", "total µs"], r.FlushesByCause.Select(f => new[] { f.Key, N(f.Count), $"{f.TotalNs / 1000.0:F1}" }));
        Table("Notifier calls", ["kind", "count", "total µs"], r.NotifierKinds.Select(f => new[] { f.Key, N(f.Count), $"{f.TotalNs / 1000.0:F1}" }));
        Table("Most-faulted GPA pages", ["gfn", "faults"], r.TopGpaPages.Select(p => new[] { p.Gfn, N(p.Faults) }));
        Table("Host memory events", ["kind", "events", "pages"], r.HostEvents.Select(h => new[] { h.Kind, N(h.Events), N(h.Pages) }));
        Table("Guest TLB and memslots", ["TLB writes", "ASID changes", "memslot changes"], [[N(r.GuestTlbWrites), N(r.AsidChanges), N(r.MemslotChanges)]]);
        Table("Counters", ["counter", "samples", "mean", "max"], r.Counters.Select(c => new[] { c.DisplayName, $"{c.Samples}", $"{c.Mean:F1}", $"{c.Max:F1}" }));
    }

    private static string N(long n) => n.ToString("N0");

    private static void Table(string title, string[] columns, IEnumerable<string[]> rows)
    {
        var table = new Table { Title = new TableTitle(title) }.AddColumns(columns);
        var any = false;
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
            any = true;
        }
        if (any)
        {
            AnsiConsole.Write(table);
        }
        else
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(title)}: none[/]");
        }
    }
}
