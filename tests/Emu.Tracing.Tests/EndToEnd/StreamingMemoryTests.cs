using System.Diagnostics;
using System.Diagnostics.Tracing;
using Emu.Tracing.Tests.Infrastructure;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// report, stat, export and plot read a trace in one pass with memory bounded by the answer: on a generated
/// trace of a few million events, each process's peak working set stays far below what keeping the records
/// would take (about 100 bytes an event plus TraceEvent's own objects).
/// </summary>
public sealed class StreamingMemoryTests : IDisposable
{
    private const int Iterations = 1_000_000; // 3 events each
    private const long BoundBytes = 300L << 20; // the bound for a whole Linux boot (11 M events)

    private readonly string _dir = Directory.CreateTempSubdirectory("emu-stream-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("EMU_KEEP_TRACE") is { } keep)
        {
            File.Copy(Path.Combine(_dir, "big.nettrace"), keep, overwrite: true);
        }
        Directory.Delete(_dir, recursive: true);
    }

    [SkippableFact]
    public void Analyses_OfAMultiMillionEventTrace_StayUnderTheMemoryBound()
    {
        var trace = Path.Combine(_dir, "big.nettrace");
        var emitted = Generate(trace);

        foreach (var args in new[]
        {
            new[] { "report", trace },
            ["stat", trace],
            ["export", trace, "--format", "chrome", "--every", "20", "-o", Path.Combine(_dir, "big.chrome.json")],
            ["export", trace, "--format", "speedscope", "--every", "20", "-o", Path.Combine(_dir, "big.speedscope.json")],
            ["plot", trace, "-o", Path.Combine(_dir, "big.png")],
        })
        {
            var (exit, peak, stderr) = RunMeasuringPeak(args);
            Assert.True(exit == 0, $"{args[0]} exited {exit}: {stderr}");
            Assert.True(peak < BoundBytes, $"{args[0]} peaked at {peak >> 20} MB on {emitted:N0} events (bound {BoundBytes >> 20} MB)");
        }
    }

    /// <summary>A real EventPipe session on this process, to a file, while it emits events through EmuKvmTrace.</summary>
    private static long Generate(string path)
    {
        var provider = new EventPipeProvider(EmuKvmEventSource.ProviderName, EventLevel.Verbose,
            (long)(EmuKvmEventSource.Keywords.Fault | EmuKvmEventSource.Keywords.Exit | EmuKvmEventSource.Keywords.Cpu));
        using var session = new DiagnosticsClient(Environment.ProcessId).StartEventPipeSession(
            new EventPipeSessionConfiguration([provider], 512, requestRundown: false, requestStackwalk: false));
        using (var file = File.Create(path))
        {
            var copy = session.EventStream.CopyToAsync(file);
            const int vcpu = 7001; // a vCPU id no other test uses
            for (var i = 0; i < Iterations; i++)
            {
                var gpa = (ulong)(i * 7919 % 16384) << 12;
                EmuKvmTrace.GpaFault(vcpu, gpa, write: (i & 1) == 0, (i & 7) == 0 ? FaultPath.Slow : FaultPath.Fast, FaultResult.Mapped, 0, 300 + (i % 1000));
                EmuKvmTrace.VcpuReenter(vcpu, 0x80100000u + (uint)(i % 4096 * 4));
                if (i % 10 == 0)
                {
                    EmuKvmTrace.Exit(vcpu, ExitReason.TlbMissLd, 0x80100000u, (uint)gpa);
                }
                else
                {
                    EmuKvmTrace.MmioExit(vcpu, 0x180003f8, 1, true, (ulong)i, "com1");
                }
            }
            session.Stop();
            copy.Wait();
        }
        return 3L * Iterations;
    }

    private static (int Exit, long PeakBytes, string Stderr) RunMeasuringPeak(string[] args)
    {
        using var p = ToolRun.Start(ToolRun.Dotnet, ["exec", ToolRun.EmuTraceDll, .. args]);
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        long peak = 0;
        // VmHWM (the kernel's high-water mark of resident memory) read until the process ends.
        while (!p.WaitForExit(50))
        {
            try
            {
                p.Refresh();
                peak = Math.Max(peak, p.PeakWorkingSet64);
            }
            catch (InvalidOperationException)
            {
                break; // exited between the wait and the read
            }
        }
        stdout.Wait();
        return (p.ExitCode, peak, stderr.Result);
    }
}
