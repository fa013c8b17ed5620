using System.Collections.Concurrent;
using System.Diagnostics;

namespace Emu.Emulator.Jit;

/// <summary>
/// A region planned by a vCPU and compiled elsewhere: the vCPU thread plans it (<see cref="RegionPlan"/> reads the
/// decoded page), the worker emits and compiles it (<see cref="RegionCompiler.Finish"/>, which touches nothing of the
/// vCPU), and the vCPU installs it when it next dispatches (<see cref="JitEngine"/>), unless the code under it was
/// invalidated meanwhile (<see cref="Region.Valid"/>, vCPU thread only, like every invalidation).
/// </summary>
internal sealed class RegionJob(Region region, RegionEmitter emitter, long planTicks, ConcurrentQueue<RegionJob> done)
{
    public Region Region { get; } = region;
    public RegionEmitter Emitter { get; } = emitter;
    /// <summary>Host time spent planning (vCPU) plus emitting and compiling (worker), in Stopwatch ticks.</summary>
    public long Ticks { get; set; } = planTicks;
    /// <summary>Throw instead of compiling (<see cref="JitOptions.FailCompileForTest"/>).</summary>
    public bool FailForTest { get; init; }
    /// <summary>What emission or compilation threw: the vCPU then interprets the region's code (JitEngine.CompileFailed).</summary>
    public Exception? Failure { get; set; }
    /// <summary>The vCPU's queue of finished jobs (written by the worker, drained by the vCPU).</summary>
    public ConcurrentQueue<RegionJob> Done { get; } = done;
}

/// <summary>
/// One process-wide background thread that emits and RyuJIT-compiles the regions vCPUs plan under the host clock.
/// A region costs 0.3–2 ms of RyuJIT (about a quarter of a Linux boot's CPU when compiled on the vCPU thread); the
/// vCPU interprets the code meanwhile and picks the region up at a later dispatch, as QEMU's and HotSpot's background
/// compilers do. Regions give bit-for-bit the interpreter's results, so only when a region starts being used depends on
/// the host; under the instruction clock regions are compiled synchronously so that `--stats` stays reproducible.
/// </summary>
/// <remarks>
/// Hand-off without locks: jobs go in through <see cref="s_jobs"/> (a BlockingCollection) and come back through their
/// vCPU's ConcurrentQueue, whose enqueue publishes everything the worker wrote to the job and its region.
/// </remarks>
internal static class RegionCompileWorker
{
    private static readonly BlockingCollection<RegionJob> s_jobs = [];
    private static readonly Lazy<Thread> s_thread = new(() =>
    {
        var t = new Thread(Loop) { IsBackground = true, Name = "emu-jit-compile" };
        t.Start();
        return t;
    });

    public static void Post(RegionJob job)
    {
        _ = s_thread.Value;
        s_jobs.Add(job);
    }

    private static void Loop()
    {
        foreach (var job in s_jobs.GetConsumingEnumerable())
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (job.FailForTest)
                {
                    throw new InvalidProgramException("compile failure injected by a test");
                }
                RegionCompiler.Finish(job.Region, job.Emitter);
            }
            catch (Exception e)
            {
                job.Failure = e;
            }
            job.Ticks += Stopwatch.GetTimestamp() - started;
            job.Done.Enqueue(job);
        }
    }
}
