using System.CommandLine;
using Emu.Tracing;
using Emu.Tracing.Analysis;
using Microsoft.Diagnostics.NETCore.Client;
using Spectre.Console;

namespace Emu.Trace;

/// <summary>
/// `emu-trace live --pid P`: a refreshing table of Emu-Kvm event counts and counters from a live session.
/// Events reach the table ~150 ms after they happen (EventPipe's flush cadence plus parsing).
/// </summary>
public static class LiveCommand
{
    public static Command Create()
    {
        var pid = new Option<int>("--pid", "-p") { Description = "Process id of a running emu", Required = true };
        // Every keyword but Sample by default: a PC sample every 10,000 instructions is ~100,000 events a second under the
        // JIT, which only `profile` makes sense of, and a reader behind that flood shows the counters seconds late.
        var keywords = new Option<string>("--keywords", "-k")
        {
            Description = "Emu-Kvm keywords (as for collect; default: all but Sample)",
            DefaultValueFactory = _ => $"0x{(long)EmuKvmEventSource.AllKeywords & ~(long)EmuKvmEventSource.Keywords.Sample:X}",
        };
        var duration = new Option<TimeSpan?>("--duration", "-d") { Description = "Stop after this long; default: Ctrl-C or process exit" };
        var cmd = new Command("live", "Show Emu-Kvm event counts and counters of a running emu, refreshed every second") { pid, keywords, duration };
        cmd.SetAction(async (parse, ct) =>
        {
            var client = new DiagnosticsClient(parse.GetValue(pid));
            using var session = SessionFactory.Start(client, KeywordParser.Parse(parse.GetValue(keywords)!), System.Diagnostics.Tracing.EventLevel.Verbose, 256, 1);
            var counts = new Dictionary<string, long>(StringComparer.Ordinal);
            var counters = new Dictionary<string, CounterSample>(StringComparer.Ordinal);
            var gate = new Lock();
            var reader = Task.Run(() => EmuTraceReader.ReadStream(session.EventStream,
                r => { lock (gate) { counts[TraceReport.EventName(r)] = counts.GetValueOrDefault(TraceReport.EventName(r)) + 1; } },
                c => { lock (gate) { counters[c.DisplayName] = c; } }));
            var stop = new TaskCompletionSource();
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
            if (parse.GetValue(duration) is { } d)
            {
                _ = Task.Delay(d).ContinueWith(_ => stop.TrySetResult(), TaskScheduler.Default);
            }
            await AnsiConsole.Live(new Table()).StartAsync(async ctx =>
            {
                while (!stop.Task.IsCompleted && !reader.IsCompleted)
                {
                    ctx.UpdateTarget(Snapshot(counts, counters, gate));
                    await Task.WhenAny(stop.Task, reader, Task.Delay(1000));
                }
                ctx.UpdateTarget(Snapshot(counts, counters, gate));
            });
            if (!reader.IsCompleted)
            {
                try
                {
                    await session.StopAsync(CancellationToken.None);
                }
                catch (Exception e) when (e is ServerNotAvailableException or IOException or EndOfStreamException)
                {
                    // The process went away first; the stream has ended anyway.
                }
            }
            await reader;
            return 0;
        });
        return cmd;
    }

    private static Table Snapshot(Dictionary<string, long> counts, Dictionary<string, CounterSample> counters, Lock gate)
    {
        var table = new Table().AddColumns("Emu-Kvm", "value");
        lock (gate)
        {
            foreach (var (name, n) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                table.AddRow($"{name} events", n.ToString("N0"));
            }
            foreach (var (name, c) in counters.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(CounterText.Label(name, c.Units, c.IsRate)), CounterText.Value(c.Value));
            }
        }
        return table;
    }
}
