using Microsoft.Diagnostics.Tracing;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Reads Emu-Kvm events from a .nettrace file or a live EventPipe stream. <see cref="Stream"/> is the
/// one-pass form every analysis uses: records go to a callback and nothing is kept, so memory is bounded
/// by what the caller accumulates, not by the trace.
/// </summary>
public static class EmuTraceReader
{
    /// <summary>
    /// Streams a .nettrace file (emu-trace, dotnet-trace or DOTNET_EventPipeOutputPath). A file cut short is
    /// read up to its last whole block (<see cref="TraceSummary.Truncation"/> says so); a file that is not
    /// a trace throws <see cref="InvalidDataException"/> with a one-line message.
    /// </summary>
    public static TraceSummary Stream(string path, TraceFilter filter, Action<EmuKvmRecord> onRecord, Action<CounterSample>? onCounter = null)
    {
        using var file = File.OpenRead(path);
        var (whole, complete) = NettraceRepair.Scan(file);
        file.Position = 0;
        using var input = complete ? file : NettraceRepair.Repaired(file, whole);
        EventPipeEventSource source;
        try
        {
            source = new EventPipeEventSource(input);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{path}: not a readable .nettrace file ({e.Message})");
        }
        using (source)
        {
            var summary = Read(source, filter, onRecord, onCounter);
            if (!complete)
            {
                summary.Truncation = $"{path} is truncated: read the first {whole:N0} of {new FileInfo(path).Length:N0} bytes";
            }
            return summary;
        }
    }

    /// <summary>Reads a whole .nettrace file into memory (small traces and tests; analyses use <see cref="Stream"/>).</summary>
    public static TraceData ReadFile(string path)
    {
        var data = new TraceData();
        var summary = Stream(path, TraceFilter.All, data.Records.Add, data.Counters.Add);
        data.EventsLost = summary.EventsLost;
        data.DurationMs = summary.DurationMs;
        data.ProcessId = summary.ProcessId;
        return data;
    }

    /// <summary>
    /// Reads a live stream (an EventPipe session's EventStream) until it ends, calling
    /// <paramref name="onRecord"/> for each record as it arrives (on the calling thread).
    /// </summary>
    public static TraceSummary ReadStream(System.IO.Stream stream, Action<EmuKvmRecord>? onRecord = null, Action<CounterSample>? onCounter = null)
    {
        using var source = new EventPipeEventSource(stream);
        return Read(source, TraceFilter.All, onRecord ?? (_ => { }), onCounter);
    }

    private static TraceSummary Read(EventPipeEventSource source, TraceFilter filter, Action<EmuKvmRecord> onRecord, Action<CounterSample>? onCounter)
    {
        var summary = new TraceSummary();
        var seq = new Dictionary<int, (long Min, long Max, long Count)>();
        source.Dynamic.All += e =>
        {
            if (e.ProviderName != EmuKvmEventSource.ProviderName)
            {
                return;
            }
            summary.ProcessId = e.ProcessID;
            if (PayloadDecoder.Decode(e) is { } record)
            {
                summary.Records++;
                if (record is VcpuRecord v)
                {
                    seq[v.Vcpu] = seq.TryGetValue(v.Vcpu, out var s)
                        ? (Math.Min(s.Min, v.Seq), Math.Max(s.Max, v.Seq), s.Count + 1)
                        : (v.Seq, v.Seq, 1);
                }
                if (filter.Passes(record, e.EventName))
                {
                    summary.RecordsPassed++;
                    onRecord(record);
                }
            }
            else if (PayloadDecoder.DecodeCounter(e) is { } sample)
            {
                summary.CounterSamples++;
                onCounter?.Invoke(sample);
            }
        };
        try
        {
            source.Process();
        }
        catch (FormatException e)
        {
            summary.Truncation = $"the trace breaks off ({e.Message}); read what came before";
        }
        summary.EventsLost = source.EventsLost;
        summary.DurationMs = source.SessionDuration.TotalMilliseconds;
        // Each vCPU numbers its events 1, 2, 3...: whatever lies between the first and last seen and was not
        // seen is lost. Order-free, so no per-event storage.
        summary.SeqGapEvents = seq.Values.Sum(s => s.Max - s.Min + 1 - s.Count);
        return summary;
    }
}
