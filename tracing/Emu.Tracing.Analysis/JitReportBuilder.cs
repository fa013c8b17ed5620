namespace Emu.Tracing.Analysis;

/// <summary>
/// Builds a <see cref="JitReport"/> in one pass. Memory grows with the distinct guest PCs regions started at (a
/// Linux boot: thousands), never with the number of events: recompilations of one PC share its entry.
/// </summary>
public sealed class JitReportBuilder
{
    private sealed class Vcpu
    {
        public long Compiled, Instructions, CompileUs, CompileUsMax, Invalidated;
    }

    private sealed class AtPc
    {
        public long Compiles, CompileUs, CompileUsMax, Invalidated;
        public int Instructions, Entries;
    }

    private readonly SortedDictionary<int, Vcpu> _vcpus = [];
    private readonly Dictionary<string, (long Regions, long Instructions)> _reasons = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, AtPc> _pcs = [];

    public void Add(JitRegionRecord r)
    {
        if (!_vcpus.TryGetValue(r.Vcpu, out var v))
        {
            _vcpus[r.Vcpu] = v = new Vcpu();
        }
        if (!_pcs.TryGetValue(r.Pc, out var p))
        {
            _pcs[r.Pc] = p = new AtPc();
        }
        switch (r)
        {
            case RegionCompiledRecord c:
                v.Compiled++;
                v.Instructions += c.Instructions;
                v.CompileUs += c.CompileUs;
                v.CompileUsMax = Math.Max(v.CompileUsMax, c.CompileUs);
                p.Compiles++;
                p.CompileUs += c.CompileUs;
                p.CompileUsMax = Math.Max(p.CompileUsMax, c.CompileUs);
                if (c.Instructions > p.Instructions)
                {
                    (p.Instructions, p.Entries) = (c.Instructions, c.Entries);
                }
                break;
            case RegionInvalidatedRecord i:
                v.Invalidated++;
                p.Invalidated++;
                var s = _reasons.GetValueOrDefault(i.Reason);
                _reasons[i.Reason] = (s.Regions + 1, s.Instructions + i.Instructions);
                break;
        }
    }

    /// <summary>The report; <paramref name="symbols"/> (null: none given) names the function each listed PC lies in.</summary>
    public JitReport Build(int top, SymbolTable? symbols)
    {
        JitRegionRow Row(KeyValuePair<ulong, AtPc> kv)
        {
            var (pc, p) = (kv.Key, kv.Value);
            string? function = null;
            if (symbols is not null)
            {
                var (name, offset) = symbols.Lookup(pc);
                function = name == "?" ? "?" : $"{name}+0x{offset:x}";
            }
            return new JitRegionRow($"0x{pc:x}", function, p.Compiles, p.Instructions, p.Entries, p.CompileUs, p.CompileUsMax, p.Invalidated);
        }
        var compiled = _pcs.Where(kv => kv.Value.Compiles > 0).ToList();
        return new JitReport(
            _vcpus.Values.Sum(v => v.Compiled),
            _vcpus.Values.Sum(v => v.Instructions),
            _vcpus.Values.Sum(v => v.CompileUs),
            _vcpus.Values.Select(v => v.CompileUsMax).DefaultIfEmpty().Max(),
            _vcpus.Values.Sum(v => v.Invalidated),
            [.. _vcpus.Select(kv => new JitVcpuRow(kv.Key, kv.Value.Compiled, kv.Value.Instructions, kv.Value.CompileUs, kv.Value.CompileUsMax, kv.Value.Invalidated))],
            [.. _reasons.OrderByDescending(kv => kv.Value.Regions).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new JitReasonRow(kv.Key, kv.Value.Regions, kv.Value.Instructions))],
            // Ties (compile times are whole µs) break by PC, so two reports of one trace list the same rows.
            [.. compiled.OrderByDescending(kv => kv.Value.CompileUs).ThenBy(kv => kv.Key).Take(top).Select(Row)],
            [.. compiled.OrderByDescending(kv => kv.Value.Instructions).ThenBy(kv => kv.Key).Take(top).Select(Row)]);
    }
}
