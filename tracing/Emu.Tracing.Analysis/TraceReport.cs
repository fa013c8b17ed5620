namespace Emu.Tracing.Analysis;

public sealed record CountRow(string Key, long Count);

public sealed record ExitRow(int Vcpu, string Reason, int Code, long Count);

public sealed record FaultRow(string Path, string Result, long Count);

public sealed record LatencyRow(long Count, long P50Ns, long P90Ns, long P99Ns, long MaxNs);

public sealed record DurationRow(string Key, long Count, long TotalNs);

public sealed record PageRow(string Gfn, long Faults);

public sealed record HostRow(string Kind, long Events, long Pages);

public sealed record CounterRow(string Name, string DisplayName, int Samples, double Mean, double Max);

/// <summary>
/// The answers a trace gives (what `emu-trace report` prints and `--json` serialises): exits by reason
/// per vCPU, faults by path and result with latency percentiles, retries, flushes, notifier calls,
/// the most-faulted guest pages, host memory events, and the loss figures to trust it by.
/// </summary>
public sealed record TraceReport(
    double DurationMs,
    long Events,
    long EventsLost,
    long SeqGapEvents,
    IReadOnlyList<CountRow> EventsByName,
    IReadOnlyList<ExitRow> Exits,
    IReadOnlyList<FaultRow> Faults,
    LatencyRow FaultLatency,
    long Retries,
    IReadOnlyList<DurationRow> FlushesByCause,
    IReadOnlyList<DurationRow> NotifierKinds,
    IReadOnlyList<PageRow> TopGpaPages,
    IReadOnlyList<HostRow> HostEvents,
    long MemslotChanges,
    long GuestTlbWrites,
    long AsidChanges,
    IReadOnlyList<CounterRow> Counters)
{
    public static TraceReport From(TraceData data, int topPages = 10)
    {
        var faults = data.Of<GpaFaultRecord>().ToList();
        var latencies = faults.Select(f => f.DurationNs).Order().ToArray();
        return new TraceReport(
            data.DurationMs,
            data.Records.Count,
            data.EventsLost,
            data.SeqGapEvents,
            [.. data.Records.GroupBy(r => EventName(r)).Select(g => new CountRow(g.Key, g.LongCount())).OrderBy(r => r.Key, StringComparer.Ordinal)],
            [.. data.Of<ExitRecord>().GroupBy(e => (e.Vcpu, e.Reason))
                .Select(g => new ExitRow(g.Key.Vcpu, g.Key.Reason.ToString(), (int)g.Key.Reason, g.LongCount()))
                .OrderBy(r => r.Vcpu).ThenByDescending(r => r.Count)],
            [.. faults.GroupBy(f => (f.Path, f.Result)).Select(g => new FaultRow(g.Key.Path.ToString(), g.Key.Result.ToString(), g.LongCount()))
                .OrderByDescending(r => r.Count)],
            new LatencyRow(latencies.Length, Percentile(latencies, 0.50), Percentile(latencies, 0.90), Percentile(latencies, 0.99),
                latencies.Length == 0 ? 0 : latencies[^1]),
            data.Of<GpaFaultRetryRecord>().LongCount(),
            [.. data.Of<FlushShadowRecord>().GroupBy(f => f.Cause).Select(g => new DurationRow(g.Key.ToString(), g.LongCount(), g.Sum(f => f.DurationNs)))],
            [.. data.Of<NotifierRecord>().GroupBy(n => n.Kind).Select(g => new DurationRow(g.Key.ToString(), g.LongCount(), g.Sum(n => n.DurationNs)))],
            [.. faults.GroupBy(f => f.Gpa >> 12).Select(g => new PageRow($"0x{g.Key:x}", g.LongCount()))
                .OrderByDescending(p => p.Faults).Take(topPages)],
            [.. data.Of<HostMmRecord>().GroupBy(h => h.Kind).Select(g => new HostRow(g.Key.ToString(), g.LongCount(), g.Sum(h => h.Pages)))],
            data.Of<MemslotChangeRecord>().LongCount(),
            data.Of<GuestTlbWriteRecord>().LongCount(),
            data.Of<AsidChangeRecord>().LongCount(),
            [.. data.Counters.GroupBy(c => c.Name).Select(g => new CounterRow(g.Key, g.First().DisplayName, g.Count(), g.Average(c => c.Value), g.Max(c => c.Value)))]);
    }

    /// <summary>The Emu-Kvm event name of a record (what the EventSource method is called).</summary>
    public static string EventName(EmuKvmRecord r) => r switch
    {
        VcpuTransitionRecord t => t.Kind switch { VcpuTransition.Enter => "VcpuEnter", VcpuTransition.Reenter => "VcpuReenter", _ => "VcpuOut" },
        ExitRecord => "Exit",
        GpaFaultRecord => "GpaFault",
        GpaFaultRetryRecord => "GpaFaultRetry",
        MmioExitRecord => "MmioExit",
        GuestTlbWriteRecord => "GuestTlbWrite",
        AsidChangeRecord => "AsidChange",
        FlushShadowRecord => "FlushShadow",
        NotifierRecord => "Notifier",
        HostMmRecord => "HostMmEvent",
        MemslotChangeRecord => "MemslotChange",
        DirtyLogGetRecord => "DirtyLogGet",
        GdbPacketRecord => "GdbPacket",
        _ => r.GetType().Name,
    };

    // Nearest-rank percentile over sorted values.
    private static long Percentile(long[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
