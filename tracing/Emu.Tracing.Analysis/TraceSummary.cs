namespace Emu.Tracing.Analysis;

/// <summary>What one streaming pass over a trace learned besides its records: loss, length, truncation.</summary>
public sealed class TraceSummary
{
    /// <summary>Events EventPipe dropped, by TraceEvent's per-thread sequence numbers (all providers).</summary>
    public long EventsLost { get; set; }

    /// <summary>Per-vCPU Emu-Kvm events missing by their <c>seq</c> (over the whole trace, before filtering).</summary>
    public long SeqGapEvents { get; set; }

    /// <summary>Emu-Kvm records in the trace, and those that passed the filter.</summary>
    public long Records { get; set; }

    public long RecordsPassed { get; set; }

    public long CounterSamples { get; set; }

    /// <summary>The traced process id (0 if unknown).</summary>
    public int ProcessId { get; set; }

    /// <summary>Trace length in milliseconds.</summary>
    public double DurationMs { get; set; }

    /// <summary>Set when the file was cut short: what was read is everything before the break.</summary>
    public string? Truncation { get; set; }
}
