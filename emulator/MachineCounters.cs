using Emu.Emulator.Cpu;
using Emu.Tracing;

namespace Emu.Emulator;

/// <summary>
/// Publishes a machine's statistics as Emu-Kvm counters (dotnet-counters): guest MIPS and exits summed over
/// vCPUs, GPA faults by path, retries, flushes, host memory events and resident guest pages. The readers run
/// on the runtime's counter thread once per interval and read fields other threads write without locks:
/// 64-bit reads are atomic on the 64-bit hosts Emu runs on, and a value one batch stale is fine for a rate.
/// </summary>
internal static class MachineCounters
{
    public static IDisposable Register(Machine machine)
    {
        var cpus = machine.Cpus;
        var stats = machine.Memories.Select(m => m.Stat).ToArray();
        var host = machine.HostMm.Stats;
        IDisposable[] registrations =
        [
            EmuKvmCounters.Register(CounterSpec.GuestMips, () => machine.InstructionsRetired / 1e6),
            EmuKvmCounters.Register(CounterSpec.Exits, () => cpus.Sum(c => c.ExceptionCounts.Sum())),
            EmuKvmCounters.Register(CounterSpec.TlbRefills, () => cpus.Sum(c => c.ExceptionCounts[(int)ExcCode.TlbL] + c.ExceptionCounts[(int)ExcCode.TlbS])),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsFast, () => stats.Sum(s => s.GpaFaultsFast)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsSlow, () => stats.Sum(s => s.GpaFaultsSlow)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsMmio, () => stats.Sum(s => s.MmioExits)),
            EmuKvmCounters.Register(CounterSpec.GpaFaultsHostFault, () => stats.Sum(s => s.HostFaultExits)),
            EmuKvmCounters.Register(CounterSpec.Retries, () => stats.Sum(s => s.GpaFaultRetries)),
            EmuKvmCounters.Register(CounterSpec.Flushes, () => machine.Vm.Stat.FlushRequests),
            EmuKvmCounters.Register(CounterSpec.HostEvents, () => host.KsmMerges + host.CowSnapshots + host.SwapOuts + host.FaultsSwapIn
                + host.BalloonInflatedPages + host.AgingPasses + host.MprotectDowngrades + host.FaultsCowBreak + host.FaultsKsmBreak),
            EmuKvmCounters.Register(CounterSpec.ResidentGuestPages, () => machine.HostMm.FramesInUse),
        ];
        return new Registrations(registrations);
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
