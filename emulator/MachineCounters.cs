using System.Diagnostics;
using Emu.Emulator.Cpu;
using Emu.Tracing;

namespace Emu.Emulator;

/// <summary>
/// Publishes a machine's statistics as Emu-Kvm counters (dotnet-counters): guest MIPS and exits summed over
/// vCPUs, GPA faults by path, retries, flushes, host memory events and resident guest pages, and with the
/// JIT on regions compiled, compile time, bail-outs, regions invalidated and the share of instructions interpreted. The readers run
/// on the runtime's counter thread once per interval and read fields other threads write without locks:
/// 64-bit reads are atomic on the 64-bit hosts Emu runs on, and a value one batch stale is fine for a rate.
/// </summary>
internal static class MachineCounters
{
    public static IDisposable Register(Machine machine)
    {
        var cpus = machine.Cpus;
        // Loops, not LINQ's Select/OfType: their iterators cost type loads at every start-up.
        var stats = new Kvm.VcpuStat[machine.Memories.Count];
        var jitList = new List<Jit.JitStats>();
        for (var i = 0; i < stats.Length; i++)
        {
            stats[i] = machine.Memories[i].Stat;
        }
        foreach (var cpu in cpus)
        {
            if (cpu.ExecutionEngine is Jit.JitEngine engine)
            {
                jitList.Add(engine.Stats);
            }
        }
        var jits = jitList.ToArray();
        var host = machine.HostMm.Stats;
        IDisposable[] registrations =
        [
            EmuKvmCounters.Register(CounterSpec.GuestMips, () => machine.InstructionsRetired / 1e6),
            EmuKvmCounters.Register(CounterSpec.Exits, () => Total(cpus, c => Total(c.ExceptionCounts))),
            EmuKvmCounters.Register(CounterSpec.TlbRefills, () => Total(cpus, c => c.ExceptionCounts[(int)ExcCode.TlbL] + c.ExceptionCounts[(int)ExcCode.TlbS])),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsFast, () => Total(stats, s => s.GpaFaultsFast)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsSlow, () => Total(stats, s => s.GpaFaultsSlow)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsMmio, () => Total(stats, s => s.MmioExits)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsHostFault, () => Total(stats, s => s.HostFaultExits)),
            EmuKvmCounters.Register(CounterSpec.Retries, () => Total(stats, s => s.GpaFaultRetries)),
            EmuKvmCounters.Register(CounterSpec.Flushes, () => machine.Vm.Stat.FlushRequests),
            EmuKvmCounters.Register(CounterSpec.HostEvents, () => host.KsmMerges + host.CowSnapshots + host.SwapOuts + host.FaultsSwapIn
                + host.BalloonInflatedPages + host.AgingPasses + host.MprotectDowngrades + host.FaultsCowBreak + host.FaultsKsmBreak),
            EmuKvmCounters.Register(CounterSpec.ResidentGuestPages, () => machine.HostMm.FramesInUse),
        ];
        if (jits.Length != 0)
        {
            registrations =
            [
                .. registrations,
                EmuKvmCounters.Register(CounterSpec.JitRegions, () => Total(jits, s => s.RegionsCompiled)),
                EmuKvmCounters.Register(CounterSpec.JitCompileMs, () => Total(jits, s => s.CompileTicks) * 1000.0 / Stopwatch.Frequency),
                EmuKvmCounters.Register(CounterSpec.JitBailouts, () => Total(jits, s => s.Bailouts)),
                EmuKvmCounters.Register(CounterSpec.JitInvalidated, () => Total(jits, s => s.RegionsInvalidated)),
                EmuKvmCounters.Register(CounterSpec.JitInterpretedPercent, () => InterpretedPercent(jits)),
            ];
        }
        return new Registrations(registrations);
    }

    // A level, not a sum: right for the one machine of an emu process (readers of other machines in one test process add up).
    private static double InterpretedPercent(Jit.JitStats[] jits)
    {
        var interpreted = Total(jits, s => s.InstructionsInterpreted);
        var all = interpreted + Total(jits, s => s.InstructionsInRegions);
        return all == 0 ? 0 : 100.0 * interpreted / all;
    }

    // Loops, not LINQ's Sum (here and for Machine.InstructionsRetired): its instantiations are in no ReadyToRun image, and
    // rate counters are read once more when their registration is disposed, so every run JIT-compiled them at exit (~3 ms).
    internal static long Total<T>(IReadOnlyList<T> items, Func<T, long> value) where T : class
    {
        long total = 0;
        foreach (var item in items)
        {
            total += value(item);
        }
        return total;
    }

    private static long Total(long[] counts)
    {
        long total = 0;
        foreach (var n in counts)
        {
            total += n;
        }
        return total;
    }

    private sealed class Registrations(IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
