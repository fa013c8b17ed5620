namespace Emu.Tracing.Analysis;

/// <summary>One row of `emu-trace stat`: a --stats name, its count, and the latency of its events.</summary>
public sealed record StatRow(string Group, string Name, int? Vcpu, long Count, double TimePercent, long MinNs, double AvgNs, long MaxNs);

/// <summary>
/// The `perf kvm stat report` view of a trace, built in one pass: per exit reason (named as `emu run
/// --stats` names it) its count, the share of all exit handling time, and min/avg/max exit → re-entry
/// latency; the same for GPA faults by path, for flushes and notifier calls, and for the translator's regions
/// (compiled, timed by their compile time; dropped, counted).
/// </summary>
/// <remarks>
/// <para>Which events make which row. Host exits (the derived mapping missed: <c>tlbmiss_*_exits (host)</c>,
/// <c>mmio_exits</c>, <c>host_fault_exits</c>) start with the memory front door's GPA fault, which is traced at its
/// end with its duration; the exit lasts from the fault's start to the vCPU's next <c>VcpuReenter</c>
/// (kvm_reenter), as perf kvm stat times kvm_exit → kvm_entry. A fault the host refused (path HostFault)
/// is retried within the same exit, so it counts as a host_fault exit and not as another TLB miss. An MMIO
/// exit's row counts MmioExit events (one per device access). Guest exceptions (<c>Exit</c>) are delivered
/// inside the guest without leaving it, so they have a count but no latency.</para>
/// <para>Memory: a few counters per (vCPU, row) and one pending exit per vCPU.</para>
/// </remarks>
public sealed class StatBuilder
{
    private sealed class Acc
    {
        public long Count;
        public long SumNs;
        public long MinNs = long.MaxValue;
        public long MaxNs;
        public long Timings;

        public bool Timed => Timings > 0;

        public void Add(long? ns)
        {
            Count++;
            if (ns is { } v)
            {
                Time(v);
            }
        }

        public void Time(long ns)
        {
            Timings++;
            SumNs += ns;
            MinNs = Math.Min(MinNs, ns);
            MaxNs = Math.Max(MaxNs, ns);
        }
    }

    private readonly Dictionary<(string Group, string Name, int Vcpu), Acc> _rows = [];
    private readonly Dictionary<int, (string Name, double StartMs)> _pendingExit = [];
    private readonly HashSet<int> _afterHostFault = [];

    public void Add(EmuKvmRecord r)
    {
        switch (r)
        {
            case ExitRecord e when KvmStatNames.OfExit(e.Reason) is { } name:
                Row("exits", name, e.Vcpu).Add(null);
                break;
            case GpaFaultRecord f:
                // Every front-door call is a host TLB-miss exit (MMIO ones too: the miss comes first); a fault
                // right after a host refusal is the same exit retrying, counted as host_fault_exits only.
                if (!_afterHostFault.Contains(f.Vcpu))
                {
                    Row("exits", f.Write ? KvmStatNames.TlbMissStHost : KvmStatNames.TlbMissLdHost, f.Vcpu).Add(null);
                }
                if (f.Path == FaultPath.HostFault)
                {
                    Row("exits", KvmStatNames.HostFault, f.Vcpu).Add(null);
                    _afterHostFault.Add(f.Vcpu);
                }
                else
                {
                    _afterHostFault.Remove(f.Vcpu);
                }
                if (!_pendingExit.ContainsKey(f.Vcpu))
                {
                    var name = f.Path == FaultPath.Mmio ? KvmStatNames.Mmio : f.Write ? KvmStatNames.TlbMissStHost : KvmStatNames.TlbMissLdHost;
                    _pendingExit[f.Vcpu] = (name, f.TimeMs - (f.DurationNs / 1e6));
                }
                var pathName = f.Path switch
                {
                    FaultPath.Fast => KvmStatNames.FaultFast,
                    FaultPath.Slow => KvmStatNames.FaultSlow,
                    FaultPath.Mmio => "mmio",
                    _ => "host-fault",
                };
                Row("gpa faults", pathName, f.Vcpu).Add(f.DurationNs);
                break;
            case VcpuTransitionRecord { Kind: VcpuTransition.Reenter } t when _pendingExit.Remove(t.Vcpu, out var p):
                Row("exits", p.Name, t.Vcpu).Time((long)((t.TimeMs - p.StartMs) * 1e6));
                break;
            case MmioExitRecord m:
                Row("exits", KvmStatNames.Mmio, m.Vcpu).Add(null);
                break;
            case GpaFaultRetryRecord g:
                Row("gpa faults", KvmStatNames.FaultRetries, g.Vcpu).Add(null);
                break;
            case FlushShadowRecord fl when fl.Cause != FlushCause.Release: // teardown: after --stats is printed
                Row("vm", KvmStatNames.FlushRequests, -1).Add(fl.DurationNs);
                if (fl.VcpusWaited > 0)
                {
                    Row("vm", KvmStatNames.RemoteTlbFlush, -1).Add(fl.DurationNs);
                }
                break;
            case NotifierRecord n when KvmStatNames.OfNotifier(n.Kind) is { } notifier:
                Row("vm", notifier, -1).Add(n.DurationNs);
                break;
            case RegionCompiledRecord c:
                Row("jit", KvmStatNames.JitRegions, c.Vcpu).Add(c.CompileUs * 1000); // whole µs: the event's resolution
                break;
            case RegionInvalidatedRecord i:
                Row("jit", KvmStatNames.JitInvalidated, i.Vcpu).Add(null);
                break;
        }
    }

    private Acc Row(string group, string name, int vcpu)
    {
        if (!_rows.TryGetValue((group, name, vcpu), out var acc))
        {
            _rows[(group, name, vcpu)] = acc = new Acc();
        }
        return acc;
    }

    /// <summary>The rows, per vCPU or summed over vCPUs; Time% is each row's share of its group's time.</summary>
    public IReadOnlyList<StatRow> Build(bool perVcpu)
    {
        var merged = _rows
            .GroupBy(kv => (kv.Key.Group, kv.Key.Name, Vcpu: perVcpu || kv.Key.Vcpu < 0 ? kv.Key.Vcpu : 0))
            .Select(g =>
            {
                var a = new Acc();
                foreach (var (_, x) in g)
                {
                    a.Count += x.Count;
                    if (x.Timed)
                    {
                        a.Timings += x.Timings;
                        a.SumNs += x.SumNs;
                        a.MinNs = Math.Min(a.MinNs, x.MinNs);
                        a.MaxNs = Math.Max(a.MaxNs, x.MaxNs);
                    }
                }
                return (g.Key, Acc: a);
            }).ToList();
        var groupTime = merged.GroupBy(m => (m.Key.Group, m.Key.Vcpu)).ToDictionary(g => g.Key, g => g.Sum(m => m.Acc.SumNs));
        return [.. merged
            .Select(m =>
            {
                var total = groupTime[(m.Key.Group, m.Key.Vcpu)];
                var a = m.Acc;
                return new StatRow(m.Key.Group, m.Key.Name, perVcpu && m.Key.Vcpu >= 0 ? m.Key.Vcpu : null, a.Count,
                    total > 0 ? 100.0 * a.SumNs / total : 0,
                    a.Timed ? a.MinNs : 0, a.Timed ? (double)a.SumNs / a.Timings : 0, a.Timed ? a.MaxNs : 0);
            })
            .OrderBy(r => GroupOrder(r.Group)).ThenBy(r => r.Vcpu ?? -1).ThenByDescending(r => r.Count)];
    }

    private static int GroupOrder(string g) => g switch { "exits" => 0, "gpa faults" => 1, "jit" => 2, _ => 3 };
}
