using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Tracing.Bench;

/// <summary>
/// What the enum-name string costs: the Exit event as it was (5 fields, pc/badVAddr UInt32) against
/// the published version 1 (pc/badVAddr UInt64 + reasonName), both written by one bench-only
/// EventSource in the same EventPipe session, so the ratio is free of session noise.
/// </summary>
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class NameFieldBenchmarks
{
    private EventPipeSession? _session;
    private Task? _drain;
    private uint _pc = 0x80001000;

    [GlobalSetup]
    public void Setup()
    {
        var provider = new EventPipeProvider(ShapeSource.ProviderName, EventLevel.Verbose, -1);
        _session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(
            new EventPipeSessionConfiguration([provider], 256, requestRundown: false, requestStackwalk: false));
        _drain = _session.EventStream.CopyToAsync(Stream.Null);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session!.Stop();
        _drain!.Wait();
        _session.Dispose();
    }

    [Benchmark(Baseline = true)]
    public void ExitV0_NoName() => ShapeSource.Log.ExitV0(0, 1, 2, _pc++, 0x00400000);

    [Benchmark]
    public void ExitV1_WithName() => ShapeSource.Log.ExitV1(0, 1, 2, _pc++, 0x00400000, PayloadNames.Of(ExitReason.TlbMissLd));

    [EventSource(Name = ProviderName)]
    private sealed unsafe class ShapeSource : EventSource
    {
        public const string ProviderName = "Emu-Bench-Shapes";
        public static readonly ShapeSource Log = new();

        [NonEvent]
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static EventData F(void* p, int size) => new() { DataPointer = (nint)p, Size = size };

        [Event(1, Level = EventLevel.Verbose)]
        public void ExitV0(int vcpu, long seq, int reason, uint pc, uint badVAddr)
        {
            var d = stackalloc EventData[5];
            d[0] = F(&vcpu, 4);
            d[1] = F(&seq, 8);
            d[2] = F(&reason, 4);
            d[3] = F(&pc, 4);
            d[4] = F(&badVAddr, 4);
            WriteEventCore(1, 5, d);
        }

        [Event(2, Level = EventLevel.Verbose)]
        public void ExitV1(int vcpu, long seq, int reason, ulong pc, ulong badVAddr, string reasonName)
        {
            fixed (char* n = reasonName)
            {
                var d = stackalloc EventData[6];
                d[0] = F(&vcpu, 4);
                d[1] = F(&seq, 8);
                d[2] = F(&reason, 4);
                d[3] = F(&pc, 8);
                d[4] = F(&badVAddr, 8);
                d[5] = F(n, (reasonName.Length + 1) * 2);
                WriteEventCore(2, 6, d);
            }
        }
    }
}
