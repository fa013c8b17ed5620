using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>One row of `emu-trace profile`: a function (or a PC) with its share of samples and its exits.</summary>
public sealed record ProfileRow(string Name, long Samples, double Percent, long Exits);

/// <summary>
/// Guest hot spots from one pass: GuestPcSample events (where the vCPUs spend their instructions) and the
/// PCs of exits (Exit: the faulting instruction; VcpuReenter: where the guest resumed after a host exit).
/// Memory: one counter per distinct PC.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly Dictionary<ulong, long> _samples = [];
    private readonly Dictionary<ulong, long> _exits = [];

    public long Samples { get; private set; }

    public void Add(EmuKvmRecord r)
    {
        switch (r)
        {
            case GuestPcSampleRecord s:
                _samples[s.Pc] = _samples.GetValueOrDefault(s.Pc) + 1;
                Samples++;
                break;
            case ExitRecord e:
                _exits[e.Pc] = _exits.GetValueOrDefault(e.Pc) + 1;
                break;
            case VcpuTransitionRecord { Kind: VcpuTransition.Reenter } t:
                _exits[t.Pc] = _exits.GetValueOrDefault(t.Pc) + 1;
                break;
        }
    }

    /// <summary>By function (symbols), hottest first; ties by exits.</summary>
    public IReadOnlyList<ProfileRow> ByFunction(SymbolTable symbols) => Rows(pc => symbols.Lookup(pc).Function);

    /// <summary>By PC ("function+0xoff"), hottest first.</summary>
    public IReadOnlyList<ProfileRow> ByPc(SymbolTable symbols) => Rows(pc => Where(symbols, pc));

    private static string Where(SymbolTable symbols, ulong pc)
    {
        var (f, off) = symbols.Lookup(pc);
        return f == "?" ? $"0x{pc:x8}" : $"0x{pc:x8} {f}+0x{off:x}";
    }

    private List<ProfileRow> Rows(Func<ulong, string> key)
    {
        var samples = new Dictionary<string, long>(StringComparer.Ordinal);
        var exits = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (pc, n) in _samples)
        {
            var k = key(pc);
            samples[k] = samples.GetValueOrDefault(k) + n;
        }
        foreach (var (pc, n) in _exits)
        {
            var k = key(pc);
            exits[k] = exits.GetValueOrDefault(k) + n;
        }
        var total = Math.Max(Samples, 1);
        return [.. samples.Keys.Union(exits.Keys)
            .Select(k => new ProfileRow(k, samples.GetValueOrDefault(k), 100.0 * samples.GetValueOrDefault(k) / total, exits.GetValueOrDefault(k)))
            .OrderByDescending(r => r.Samples).ThenByDescending(r => r.Exits)];
    }

    /// <summary>
    /// A speedscope "sampled" profile: stacks are [function, function+offset] (the trace has no guest call
    /// stacks), weighted by sample count, so the flame graph shows functions and, under them, their hot PCs.
    /// </summary>
    public void WriteSpeedscope(Stream output, SymbolTable symbols)
    {
        var frames = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int Frame(string name)
        {
            if (!index.TryGetValue(name, out var i))
            {
                index[name] = i = frames.Count;
                frames.Add(name);
            }
            return i;
        }
        var stacks = _samples.OrderByDescending(kv => kv.Value)
            .Select(kv =>
            {
                var (f, off) = symbols.Lookup(kv.Key);
                return (Stack: f == "?" ? new[] { Frame("?"), Frame($"0x{kv.Key:x8}") } : [Frame(f), Frame($"{f}+0x{off:x}")], Weight: kv.Value);
            }).ToList();
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", "https://www.speedscope.app/file-format-schema.json");
        w.WriteString("exporter", "emu-trace profile");
        w.WriteString("name", "guest PC samples");
        w.WriteStartObject("shared");
        w.WriteStartArray("frames");
        foreach (var f in frames)
        {
            w.WriteStartObject();
            w.WriteString("name", f);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteStartArray("profiles");
        w.WriteStartObject();
        w.WriteString("type", "sampled");
        w.WriteString("name", "guest (all vCPUs)");
        w.WriteString("unit", "none");
        w.WriteNumber("startValue", 0);
        w.WriteNumber("endValue", Samples);
        w.WriteStartArray("samples");
        foreach (var (stack, _) in stacks)
        {
            w.WriteStartArray();
            foreach (var f in stack)
            {
                w.WriteNumberValue(f);
            }
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteStartArray("weights");
        foreach (var (_, weight) in stacks)
        {
            w.WriteNumberValue(weight);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
