using System.CommandLine;
using System.Text.Json;
using Emu.Tracing;
using Emu.Tracing.Analysis;
using Spectre.Console;

namespace Emu.Trace;

/// <summary>`emu-trace report FILE [--json] [--top N] [--symbols ELF|System.map]`: the answers a trace holds, as tables or JSON.</summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new TraceInput();
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for scripts)" };
        var top = new Option<int>("--top") { Description = "How many GPA pages and JIT regions to list", DefaultValueFactory = _ => 10 };
        var symbols = new Option<FileInfo?>("--symbols", "-s") { Description = "Guest symbols for the JIT regions' PCs: an ELF (the guest program, vmlinux) or System.map / /proc/kallsyms text" };
        var cmd = new Command("report", "Summarise a trace: exits, faults, latency, retries, flushes, notifiers, pages, host events, JIT regions") { json, top, symbols };
        input.AddTo(cmd);
        cmd.SetAction(parse =>
        {
            // One pass; memory is the report's tables, not the trace.
            var path = input.PathOf(parse);
            var filter = input.FilterOf(parse);
            if (parse.GetValue(top) < 1)
            {
                throw new UsageException("--top: must be 1 or more");
            }
            SymbolTable? table = null;
            if (parse.GetValue(symbols) is { } sym)
            {
                table = sym.Exists ? SymbolTable.Load(sym.FullName) : throw new UsageException($"{sym.FullName}: no such file");
            }
            var builder = new ReportBuilder();
            var summary = TraceInput.Read(path, filter, builder.Add, builder.Add);
            var report = builder.Build(summary, parse.GetValue(top), table);
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
        RenderJit(r.Jit);
        // Rate counters' samples are increments per collect interval (--counter-interval, 1 s by default).
        Table("Counters", ["counter", "units", "samples", "mean", "max"],
            r.Counters.Select(c => new[] { c.DisplayName, c.Units, $"{c.Samples}", CounterText.Value(c.Mean), CounterText.Value(c.Max) }));
    }

    /// <summary>The translator's tables (keyword Jit): what `emu run --stats` prints on its `jit` line, per vCPU and per region.</summary>
    private static void RenderJit(JitReport j)
    {
        if (j.RegionsCompiled + j.RegionsInvalidated == 0)
        {
            AnsiConsole.MarkupLine("[grey]JIT regions: none (collect with keyword Jit; emu runs the interpreter alone with --jit off)[/]");
            return;
        }
        Table("JIT regions per vCPU", ["vCPU", "compiled", "instructions", "compile ms", "max compile µs", "invalidated"],
            j.PerVcpu.Select(v => new[] { $"{v.Vcpu}", N(v.RegionsCompiled), N(v.InstructionsCompiled), $"{v.CompileUsTotal / 1000.0:F1}", N(v.CompileUsMax), N(v.RegionsInvalidated) })
                .Append(["all", N(j.RegionsCompiled), N(j.InstructionsCompiled), $"{j.CompileUsTotal / 1000.0:F1}", N(j.CompileUsMax), N(j.RegionsInvalidated)]));
        Table("JIT regions invalidated by reason", ["reason", "regions", "instructions"], j.InvalidatedByReason.Select(x => new[] { x.Reason, N(x.Regions), N(x.Instructions) }));
        // The function column only with --symbols (as `profile`), so a report without symbols keeps its width.
        var named = j.SlowestToCompile.Concat(j.Largest).Any(x => x.Function is not null);
        string[] Where(JitRegionRow x) => named ? [x.Pc, x.Function ?? "?"] : [x.Pc];
        string[] whereColumns = named ? ["guest pc", "function"] : ["guest pc"];
        Table("JIT regions slowest to compile (by guest PC)", [.. whereColumns, "compiles", "µs", "max µs", "insns", "dropped"],
            j.SlowestToCompile.Select(x => (string[])[.. Where(x), N(x.Compiles), N(x.CompileUsTotal), N(x.CompileUsMax), N(x.Instructions), N(x.Invalidated)]));
        Table("Largest JIT regions (by guest PC)", [.. whereColumns, "insns", "entries", "compiles", "µs"],
            j.Largest.Select(x => (string[])[.. Where(x), N(x.Instructions), N(x.Entries), N(x.Compiles), N(x.CompileUsTotal)]));
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
