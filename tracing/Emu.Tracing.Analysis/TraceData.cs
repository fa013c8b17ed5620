namespace Emu.Tracing.Analysis;

/// <summary>Everything Emu-Kvm-related in one trace, plus the loss figures a reader must check.</summary>
public sealed class TraceData
{
    public List<EmuKvmRecord> Records { get; } = [];
    public List<CounterSample> Counters { get; } = [];

    /// <summary>Events EventPipe dropped, by TraceEvent's per-thread sequence numbers (all providers).</summary>
    public long EventsLost { get; set; }

    /// <summary>The traced process id (0 if unknown).</summary>
    public int ProcessId { get; set; }

    /// <summary>Trace length in milliseconds.</summary>
    public double DurationMs { get; set; }

    /// <summary>Per-vCPU events missing by the Emu-Kvm <c>seq</c> payload (see <see cref="SequenceGaps"/>).</summary>
    public long SeqGapEvents => SequenceGaps.Find(Records).Sum(g => g.Missing);

    public IEnumerable<T> Of<T>() where T : EmuKvmRecord => Records.OfType<T>();
}
