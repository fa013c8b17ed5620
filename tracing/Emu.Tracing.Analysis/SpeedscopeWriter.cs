using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Streams a speedscope file (<see cref="SpeedscopeExporter"/> describes the mapping). Speedscope wants
/// one profile per track with all of its events together, while a trace interleaves tracks, so each
/// track's spans are spooled to a temporary file (20 bytes a span) and copied out at the end: memory stays
/// at one buffer per track. Spans are clipped to never overlap the previous one (a well-nested stack).
/// </summary>
public sealed class SpeedscopeWriter : IDisposable
{
    private readonly Stream _output;
    private readonly Dictionary<int, (string Path, BinaryWriter Writer)> _tracks = [];
    private readonly List<string> _frames = [];
    private readonly Dictionary<string, int> _frameIndex = new(StringComparer.Ordinal);

    public SpeedscopeWriter(Stream output) => _output = output;

    public long Written { get; private set; }

    public void Add(EmuKvmRecord r)
    {
        var tid = TraceReport.VcpuOf(r) ?? ChromeTraceExporter.VmTrack;
        if (!_tracks.TryGetValue(tid, out var track))
        {
            var path = Path.GetTempFileName();
            track = (path, new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose)));
            _tracks.Add(tid, track);
        }
        var (frame, start, stop) = SpeedscopeExporter.Span(r, Frame);
        track.Writer.Write(frame);
        track.Writer.Write(start);
        track.Writer.Write(stop);
        Written++;
    }

    private int Frame(string name)
    {
        if (!_frameIndex.TryGetValue(name, out var i))
        {
            i = _frames.Count;
            _frames.Add(name);
            _frameIndex.Add(name, i);
        }
        return i;
    }

    public void Dispose()
    {
        using var w = new Utf8JsonWriter(_output);
        w.WriteStartObject();
        w.WriteString("$schema", "https://www.speedscope.app/file-format-schema.json");
        w.WriteString("exporter", "emu-trace");
        w.WriteString("name", "Emu-Kvm");
        w.WriteStartArray("profiles");
        foreach (var (tid, (_, writer)) in _tracks.OrderBy(t => t.Key))
        {
            writer.Flush();
            var spool = writer.BaseStream;
            spool.Position = 0;
            using var reader = new BinaryReader(spool, System.Text.Encoding.UTF8, leaveOpen: true);
            w.WriteStartObject();
            w.WriteString("type", "evented");
            w.WriteString("name", tid == ChromeTraceExporter.VmTrack ? "VM" : $"vCPU {tid}");
            w.WriteString("unit", "milliseconds");
            var first = true;
            var end = 0.0;
            var firstStart = 0.0;
            w.WriteStartArray("events");
            while (spool.Position < spool.Length)
            {
                var frame = reader.ReadInt32();
                var start = reader.ReadDouble();
                var stop = reader.ReadDouble();
                if (first)
                {
                    end = firstStart = start;
                    first = false;
                }
                start = Math.Max(start, end);
                stop = Math.Max(stop, start);
                WriteEvent(w, "O", frame, start);
                WriteEvent(w, "C", frame, stop);
                end = stop;
                if (w.BytesPending > 1 << 16)
                {
                    w.Flush();
                }
            }
            w.WriteEndArray();
            w.WriteNumber("startValue", firstStart);
            w.WriteNumber("endValue", end);
            w.WriteEndObject();
            writer.Dispose(); // deletes the spool
        }
        w.WriteEndArray();
        w.WriteStartObject("shared");
        w.WriteStartArray("frames");
        foreach (var f in _frames)
        {
            w.WriteStartObject();
            w.WriteString("name", f);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter w, string type, int frame, double at)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteNumber("frame", frame);
        w.WriteNumber("at", at);
        w.WriteEndObject();
    }
}
