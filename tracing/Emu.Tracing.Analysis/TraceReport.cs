namespace Emu.Tracing.Analysis;

public sealed record CountRow(string Key, long Count);

public sealed record ExitRow(int Vcpu, string Reason, int Code, long Count);

public sealed record FaultRow(string Path, string Result, long Count);

public sealed record LatencyRow(long Count, long P50Ns, long P90Ns, long P99Ns, long MaxNs);

public sealed record DurationRow(string Key, long Count, long TotalNs);

public sealed record PageRow(string Gfn, long Faults);

public sealed record HostRow(string Kind, long Events, long Pages);

/// <summary>A counter over the trace: its samples' mean and maximum, in <paramref name="Units"/> (per interval for a rate counter).</summary>
public sealed record CounterRow(string Name, string DisplayName, string Units, int Samples, double Mean, double Max);

/// <summary>
/// The answers a trace gives (what `emu-trace report` prints and `--json` serialises): exits by reason
/// per vCPU, faults by path and result with latency percentiles, retries, flushes, notifier calls,
/// the most-faulted guest pages, host memory events, the translator's regions (<see cref="JitReport"/>), and the loss
/// figures to trust it by.
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
    IReadOnlyList<CounterRow> Counters,
    JitReport Jit)
{
    /// <summary>The report of an in-memory trace (tests); `emu-trace report` streams through <see cref="ReportBuilder"/>.</summary>
    public static TraceReport From(TraceData data, int topPages = 10)
    {
        var b = new ReportBuilder();
        data.Records.ForEach(b.Add);
        data.Counters.ForEach(b.Add);
        return b.Build(new TraceSummary { DurationMs = data.DurationMs, EventsLost = data.EventsLost, SeqGapEvents = data.SeqGapEvents }, topPages);
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
        GuestPcSampleRecord => "GuestPcSample",
        IrqLineRecord => "IrqLine",
        VcpuBlockRecord => "VcpuBlock",
        VcpuWakeRecord => "VcpuWake",
        RegionCompiledRecord => "RegionCompiled",
        RegionInvalidatedRecord => "RegionInvalidated",
        _ => r.GetType().Name,
    };

    /// <summary>
    /// The vCPU a record belongs to (its track in timelines, what <c>--vcpu</c> selects), or null for VM-wide events
    /// (flushes, notifier calls, host memory, memslots) and interrupt lines, which any thread raises.
    /// </summary>
    public static int? VcpuOf(EmuKvmRecord r) => r switch
    {
        VcpuRecord v => v.Vcpu,
        JitRegionRecord j => j.Vcpu,
        _ => null,
    };
}
