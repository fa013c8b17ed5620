using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Writes a speedscope file (https://www.speedscope.app/file-format-schema.json): one "evented" profile
/// per vCPU plus one for the VM, whose frames are event kinds. Operations with a duration open and
/// close a frame; instants are drawn as 1 µs frames so they stay visible on the timeline.
/// </summary>
public static class SpeedscopeExporter
{
    internal const double InstantMs = 0.001;

    /// <summary>Writes an in-memory trace (tests); `emu-trace export` streams through <see cref="SpeedscopeWriter"/>.</summary>
    public static void Write(TraceData data, Stream output)
    {
        using var w = new SpeedscopeWriter(output);
        data.Records.ForEach(w.Add);
    }

    internal static (int Frame, double Start, double Stop) Span(EmuKvmRecord r, Func<string, int> frame)
    {
        var (name, durationNs) = r switch
        {
            ExitRecord e => ($"exit {PayloadNames.Of(e.Reason)}", -1L),
            GpaFaultRecord f => ($"fault {f.Path} {f.Result}", f.DurationNs),
            FlushShadowRecord f => ($"flush {f.Cause}", f.DurationNs),
            NotifierRecord n => ($"notifier {n.Kind}", n.DurationNs),
            DirtyLogGetRecord d => ("DirtyLogGet", d.DurationNs),
            HostMmRecord h => ($"host {h.Kind}", -1L),
            // One frame per event kind, not per PC: a Linux boot compiles thousands of regions.
            RegionCompiledRecord c => ("jit compile", c.CompileUs * 1000),
            RegionInvalidatedRecord i => ($"jit drop {i.Reason}", -1L),
            _ => (TraceReport.EventName(r), -1L),
        };
        return durationNs >= 0
            ? (frame(name), r.TimeMs - durationNs / 1e6, r.TimeMs)
            : (frame(name), r.TimeMs, r.TimeMs + InstantMs);
    }
}
