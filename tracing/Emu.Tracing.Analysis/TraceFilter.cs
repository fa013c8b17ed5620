namespace Emu.Tracing.Analysis;

/// <summary>
/// Which records an analysis sees: one vCPU (VM-wide events such as flushes and notifier calls have no
/// vCPU and always pass), a time window in seconds since the session started, and event names.
/// </summary>
public sealed record TraceFilter(int? Vcpu = null, double? FromSec = null, double? ToSec = null, IReadOnlySet<string>? Events = null)
{
    public static readonly TraceFilter All = new();

    public bool Passes(EmuKvmRecord r, string eventName)
    {
        if (Vcpu is { } v && TraceReport.VcpuOf(r) is { } owner && owner != v)
        {
            return false;
        }
        var sec = r.TimeMs / 1000;
        if ((FromSec is { } from && sec < from) || (ToSec is { } to && sec >= to))
        {
            return false;
        }
        return Events is null || Events.Contains(eventName);
    }
}
