namespace Emu.Tracing.Analysis;

/// <summary>
/// Builds a <see cref="TraceReport"/> in one pass, record by record: memory grows with the answer
/// (reasons, paths, distinct guest pages, counter names), never with the number of events.
/// </summary>
public sealed class ReportBuilder
{
    private readonly Dictionary<string, long> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Vcpu, ExitReason Reason), long> _exits = [];
    private readonly Dictionary<(FaultPath, FaultResult), long> _faults = [];
    private readonly LatencyHistogram _faultLatency = new();
    private readonly Dictionary<FlushCause, (long Count, long Ns)> _flushes = [];
    private readonly Dictionary<NotifierKind, (long Count, long Ns)> _notifiers = [];
    private readonly Dictionary<ulong, long> _pageFaults = [];
    private readonly Dictionary<HostMmEventKind, (long Events, long Pages)> _host = [];
    private readonly Dictionary<string, (string Display, string Units, int Samples, double Sum, double Max)> _counters = new(StringComparer.Ordinal);
    private readonly JitReportBuilder _jit = new();
    private long _events, _retries, _memslots, _tlbWrites, _asids;

    public void Add(EmuKvmRecord r)
    {
        _events++;
        var name = TraceReport.EventName(r);
        _byName[name] = _byName.GetValueOrDefault(name) + 1;
        switch (r)
        {
            case ExitRecord e:
                _exits[(e.Vcpu, e.Reason)] = _exits.GetValueOrDefault((e.Vcpu, e.Reason)) + 1;
                break;
            case GpaFaultRecord f:
                _faults[(f.Path, f.Result)] = _faults.GetValueOrDefault((f.Path, f.Result)) + 1;
                _faultLatency.Add(f.DurationNs);
                _pageFaults[f.Gpa >> 12] = _pageFaults.GetValueOrDefault(f.Gpa >> 12) + 1;
                break;
            case GpaFaultRetryRecord:
                _retries++;
                break;
            case FlushShadowRecord f:
                var fl = _flushes.GetValueOrDefault(f.Cause);
                _flushes[f.Cause] = (fl.Count + 1, fl.Ns + f.DurationNs);
                break;
            case NotifierRecord n:
                var nt = _notifiers.GetValueOrDefault(n.Kind);
                _notifiers[n.Kind] = (nt.Count + 1, nt.Ns + n.DurationNs);
                break;
            case HostMmRecord h:
                var hs = _host.GetValueOrDefault(h.Kind);
                _host[h.Kind] = (hs.Events + 1, hs.Pages + h.Pages);
                break;
            case MemslotChangeRecord:
                _memslots++;
                break;
            case GuestTlbWriteRecord:
                _tlbWrites++;
                break;
            case AsidChangeRecord:
                _asids++;
                break;
            case JitRegionRecord j:
                _jit.Add(j);
                break;
        }
    }

    public void Add(CounterSample c)
    {
        var s = _counters.GetValueOrDefault(c.Name, (c.DisplayName, c.Units, 0, 0, double.MinValue));
        _counters[c.Name] = (s.Display, s.Units, s.Samples + 1, s.Sum + c.Value, Math.Max(s.Max, c.Value));
    }

    /// <summary>
    /// The report; <paramref name="top"/> bounds the lists of pages and regions, and <paramref name="symbols"/> (null:
    /// none given) names the guest functions of the JIT regions listed.
    /// </summary>
    public TraceReport Build(TraceSummary summary, int top = 10, SymbolTable? symbols = null) => new(
        summary.DurationMs,
        _events,
        summary.EventsLost,
        summary.SeqGapEvents,
        [.. _byName.Select(kv => new CountRow(kv.Key, kv.Value)).OrderBy(r => r.Key, StringComparer.Ordinal)],
        [.. _exits.Select(kv => new ExitRow(kv.Key.Vcpu, kv.Key.Reason.ToString(), (int)kv.Key.Reason, kv.Value))
            .OrderBy(r => r.Vcpu).ThenByDescending(r => r.Count)],
        [.. _faults.Select(kv => new FaultRow(kv.Key.Item1.ToString(), kv.Key.Item2.ToString(), kv.Value)).OrderByDescending(r => r.Count)],
        new LatencyRow(_faultLatency.Count, _faultLatency.Percentile(0.50), _faultLatency.Percentile(0.90), _faultLatency.Percentile(0.99), _faultLatency.MaxNs),
        _retries,
        [.. _flushes.Select(kv => new DurationRow(kv.Key.ToString(), kv.Value.Count, kv.Value.Ns))],
        [.. _notifiers.Select(kv => new DurationRow(kv.Key.ToString(), kv.Value.Count, kv.Value.Ns))],
        [.. _pageFaults.OrderByDescending(kv => kv.Value).Take(top).Select(kv => new PageRow($"0x{kv.Key:x}", kv.Value))],
        [.. _host.Select(kv => new HostRow(kv.Key.ToString(), kv.Value.Events, kv.Value.Pages))],
        _memslots,
        _tlbWrites,
        _asids,
        [.. _counters.Select(kv => new CounterRow(kv.Key, kv.Value.Display, kv.Value.Units, kv.Value.Samples, kv.Value.Sum / kv.Value.Samples, kv.Value.Max))],
        _jit.Build(top, symbols));
}
