using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Streams a Trace Event Format file (<see cref="ChromeTraceExporter"/> describes the mapping) as records
/// arrive: a track is named when its first event comes, nothing is kept. (Perfetto's JSON importer reads
/// the whole file into browser memory: keep it to a few million events, see <see cref="EverySampler"/>.)
/// </summary>
public sealed class ChromeTraceWriter : IDisposable
{
    private readonly Utf8JsonWriter _w;
    private readonly int _pid;
    private readonly HashSet<int> _tracks = [];

    public ChromeTraceWriter(Stream output, int pid)
    {
        _pid = pid;
        _w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        _w.WriteStartObject();
        _w.WriteString("displayTimeUnit", "ns");
        _w.WriteStartArray("traceEvents");
    }

    public long Written { get; private set; }

    public void Add(EmuKvmRecord r)
    {
        var tid = TraceReport.VcpuOf(r) ?? ChromeTraceExporter.VmTrack;
        if (_tracks.Add(tid))
        {
            ChromeTraceExporter.TrackName(_w, _pid, tid, tid == ChromeTraceExporter.VmTrack ? "VM (flush, notifier, host mm, memslots)" : $"vCPU {tid}");
        }
        ChromeTraceExporter.WriteRecord(_w, _pid, r);
        Written++;
        if (_w.BytesPending > 1 << 16)
        {
            _w.Flush();
        }
    }

    public void Add(CounterSample c) => ChromeTraceExporter.WriteCounter(_w, _pid, c);

    public void Dispose()
    {
        _w.WriteEndArray();
        _w.WriteEndObject();
        _w.Dispose();
    }
}
