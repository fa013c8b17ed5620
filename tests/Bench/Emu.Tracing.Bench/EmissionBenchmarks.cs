using System.Diagnostics.Tracing;
using BenchmarkDotNet.Attributes;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Tracing.Bench;

/// <summary>
/// Cost of one emission call through <see cref="EmuKvmTrace"/> (inlined guard + WriteEventCore), for a
/// 5-field event (Exit) and the widest one (GpaFault, 8 fields), under each <see cref="SessionMode"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class EmissionBenchmarks
{
    private CountingListener? _listener;
    private EventPipeSession? _session;
    private Task? _drain;
    private uint _pc = 0x80001000;

    [Params(SessionMode.None, SessionMode.Listener, SessionMode.EventPipe)]
    public SessionMode Mode { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        switch (Mode)
        {
            case SessionMode.Listener:
                _listener = new CountingListener();
                break;
            case SessionMode.EventPipe:
                var provider = new EventPipeProvider(EmuKvmEventSource.ProviderName, EventLevel.Verbose, (long)EmuKvmEventSource.AllKeywords);
                _session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(
                    new EventPipeSessionConfiguration([provider], 256, requestRundown: false, requestStackwalk: false));
                _drain = _session.EventStream.CopyToAsync(Stream.Null);
                break;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        if (_session is not null)
        {
            _session.Stop();
            _drain!.Wait();
            _session.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public void Exit() => EmuKvmTrace.Exit(0, ExitReason.TlbMissLd, _pc++, 0x00400000);

    [Benchmark]
    public void GpaFault() => EmuKvmTrace.GpaFault(0, 0x1234000, write: true, FaultPath.Slow, FaultResult.Mapped, 0, 850);

    private sealed class CountingListener : EventListener
    {
        public long Count;

        public CountingListener()
        {
            EnableEvents(EmuKvmEventSource.Log, EventLevel.Verbose, EmuKvmEventSource.AllKeywords);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData) => Count++;
    }
}
