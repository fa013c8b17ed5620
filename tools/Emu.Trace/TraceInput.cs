using System.CommandLine;
using Emu.Tracing.Analysis;

namespace Emu.Trace;

/// <summary>
/// The trace file argument and the filters every analysis verb takes (--vcpu, --from, --to, --events),
/// and the one streaming pass that applies them and reports truncation and loss on stderr.
/// </summary>
public sealed class TraceInput
{
    public Argument<FileInfo> File { get; } = new("file") { Description = ".nettrace file (emu-trace collect, dotnet-trace, DOTNET_EventPipeOutputPath)" };
    public Option<int?> Vcpu { get; } = new("--vcpu") { Description = "Only this vCPU's events (VM-wide events: flushes, notifiers, host mm, are kept)" };
    public Option<double?> From { get; } = new("--from") { Description = "Only events at or after this many seconds since the session started" };
    public Option<double?> To { get; } = new("--to") { Description = "Only events before this many seconds since the session started" };
    public Option<string?> Events { get; } = new("--events") { Description = "Only these events, comma-separated (Exit,GpaFault,MmioExit,...)" };

    public void AddTo(Command command)
    {
        command.Add(File);
        command.Add(Vcpu);
        command.Add(From);
        command.Add(To);
        command.Add(Events);
    }

    /// <summary>The file path, checked to exist (else a one-line error, exit 2).</summary>
    public string PathOf(ParseResult parse)
    {
        var f = parse.GetValue(File)!;
        return f.Exists ? f.FullName : throw new UsageException($"{f.FullName}: no such file");
    }

    public TraceFilter FilterOf(ParseResult parse)
    {
        var (from, to) = (parse.GetValue(From), parse.GetValue(To));
        if (from is < 0 || to is < 0 || (from is { } a && to is { } b && b <= a))
        {
            throw new UsageException("--from/--to: need 0 <= FROM < TO (seconds since the session started)");
        }
        if (parse.GetValue(Vcpu) is < 0)
        {
            throw new UsageException("--vcpu: must be 0 or more");
        }
        HashSet<string>? events = null;
        if (parse.GetValue(Events) is { } list)
        {
            events = new HashSet<string>(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
            var unknown = events.Where(e => !KnownEvents.Contains(e)).ToList();
            if (unknown.Count > 0 || events.Count == 0)
            {
                throw new UsageException($"--events: unknown event '{string.Join(",", unknown)}' (known: {string.Join(", ", KnownEvents)})");
            }
        }
        return new TraceFilter(parse.GetValue(Vcpu), from, to, events);
    }

    /// <summary>Every Emu-Kvm event name (the EventSource's event methods).</summary>
    public static readonly IReadOnlySet<string> KnownEvents = typeof(Emu.Tracing.EmuKvmEventSource).GetMethods()
        .Where(m => m.GetCustomAttributes(typeof(System.Diagnostics.Tracing.EventAttribute), false).Length > 0)
        .Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>One pass over the file; warns on stderr about truncation and lost events.</summary>
    public static TraceSummary Read(string path, TraceFilter filter, Action<EmuKvmRecord> onRecord, Action<CounterSample>? onCounter = null)
    {
        var summary = EmuTraceReader.Stream(path, filter, onRecord, onCounter);
        if (summary.Truncation is { } t)
        {
            Console.Error.WriteLine($"emu-trace: warning: {t}");
        }
        if (summary.EventsLost > 0 || summary.SeqGapEvents > 0)
        {
            Console.Error.WriteLine($"emu-trace: warning: events were lost while recording ({summary.EventsLost} by EventPipe, " +
                                    $"{summary.SeqGapEvents} by per-vCPU seq): counts are too low");
        }
        return summary;
    }
}
