using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Writes a speedscope file (https://www.speedscope.app/file-format-schema.json): one "evented" profile
/// per vCPU plus one for the VM, whose frames are event kinds. Operations with a duration open and
/// close a frame; instants are drawn as 1 µs frames so they stay visible on the timeline.
/// </summary>
public static class SpeedscopeExporter
{
    private const double InstantMs = 0.001;

    public static void Write(TraceData data, Stream output)
    {
        var frames = new List<string>();
        var frameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int Frame(string name)
        {
            if (!frameIndex.TryGetValue(name, out var i))
            {
                i = frames.Count;
                frames.Add(name);
                frameIndex.Add(name, i);
            }
            return i;
        }

        var tracks = data.Records.GroupBy(r => r is VcpuRecord v ? v.Vcpu : ChromeTraceExporter.VmTrack).OrderBy(g => g.Key).ToList();
        using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        w.WriteString("$schema", "https://www.speedscope.app/file-format-schema.json");
        w.WriteString("exporter", "emu-trace");
        w.WriteString("name", "Emu-Kvm");
        w.WriteStartArray("profiles");
        foreach (var track in tracks)
        {
            // Spans sorted by start, and clipped so they never overlap: speedscope requires a well-nested stack.
            var spans = track.Select(r => Span(r, Frame)).OrderBy(s => s.Start).ToList();
            w.WriteStartObject();
            w.WriteString("type", "evented");
            w.WriteString("name", track.Key == ChromeTraceExporter.VmTrack ? "VM" : $"vCPU {track.Key}");
            w.WriteString("unit", "milliseconds");
            w.WriteNumber("startValue", spans.Count == 0 ? 0 : spans[0].Start);
            var end = 0.0;
            w.WriteStartArray("events");
            foreach (var (frame, start0, stop0) in spans)
            {
                var start = Math.Max(start0, end);
                var stop = Math.Max(stop0, start);
                w.WriteStartObject();
                w.WriteString("type", "O");
                w.WriteNumber("frame", frame);
                w.WriteNumber("at", start);
                w.WriteEndObject();
                w.WriteStartObject();
                w.WriteString("type", "C");
                w.WriteNumber("frame", frame);
                w.WriteNumber("at", stop);
                w.WriteEndObject();
                end = stop;
            }
            w.WriteEndArray();
            w.WriteNumber("endValue", end);
            w.WriteEndObject();
        }
        w.WriteEndArray();
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
        w.WriteEndObject();
    }

    private static (int Frame, double Start, double Stop) Span(EmuKvmRecord r, Func<string, int> frame)
    {
        var (name, durationNs) = r switch
        {
            ExitRecord e => ($"exit {e.Reason}", -1L),
            GpaFaultRecord f => ($"fault {f.Path} {f.Result}", f.DurationNs),
            FlushShadowRecord f => ($"flush {f.Cause}", f.DurationNs),
            NotifierRecord n => ($"notifier {n.Kind}", n.DurationNs),
            DirtyLogGetRecord d => ("DirtyLogGet", d.DurationNs),
            HostMmRecord h => ($"host {h.Kind}", -1L),
            _ => (TraceReport.EventName(r), -1L),
        };
        return durationNs >= 0
            ? (frame(name), r.TimeMs - durationNs / 1e6, r.TimeMs)
            : (frame(name), r.TimeMs, r.TimeMs + InstantMs);
    }
}
