using Microsoft.Diagnostics.Tracing;

namespace Emu.Tracing.Analysis;

/// <summary>Reads Emu-Kvm events from a .nettrace file or a live EventPipe stream.</summary>
public static class EmuTraceReader
{
    /// <summary>Reads a whole .nettrace file (from emu-trace, dotnet-trace or DOTNET_EventPipeOutputPath).</summary>
    public static TraceData ReadFile(string path)
    {
        using var source = new EventPipeEventSource(path);
        return Read(source, null);
    }

    /// <summary>
    /// Reads a live stream (an EventPipe session's EventStream) until it ends, calling
    /// <paramref name="onRecord"/> for each record as it arrives (on the calling thread).
    /// </summary>
    public static TraceData ReadStream(Stream stream, Action<EmuKvmRecord>? onRecord = null, Action<CounterSample>? onCounter = null)
    {
        using var source = new EventPipeEventSource(stream);
        return Read(source, onRecord, onCounter);
    }

    private static TraceData Read(EventPipeEventSource source, Action<EmuKvmRecord>? onRecord, Action<CounterSample>? onCounter = null)
    {
        var data = new TraceData();
        source.Dynamic.All += e =>
        {
            if (e.ProviderName != EmuKvmEventSource.ProviderName)
            {
                return;
            }
            data.ProcessId = e.ProcessID;
            if (PayloadDecoder.Decode(e) is { } record)
            {
                data.Records.Add(record);
                onRecord?.Invoke(record);
            }
            else if (PayloadDecoder.DecodeCounter(e) is { } sample)
            {
                data.Counters.Add(sample);
                onCounter?.Invoke(sample);
            }
        };
        source.Process();
        data.EventsLost = source.EventsLost;
        data.DurationMs = source.SessionDuration.TotalMilliseconds;
        return data;
    }
}
