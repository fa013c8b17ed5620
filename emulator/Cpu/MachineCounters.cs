using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Publishes a vCPU's statistics as Emu-Kvm counters (dotnet-counters). The readers run on the
/// runtime's counter thread once per interval and read fields the vCPU thread writes without locks:
/// 64-bit reads are atomic on the 64-bit hosts Emu runs on, and a value one batch stale is fine for a rate.
/// </summary>
internal static class MachineCounters
{
    public static IDisposable Register(Mips32Cpu cpu)
    {
        var counts = cpu.ExceptionCounts;
        IDisposable[] registrations =
        [
            EmuKvmCounters.Register(CounterSpec.GuestMips, () => cpu.InstructionsRetired / 1e6),
            EmuKvmCounters.Register(CounterSpec.Exits, () =>
            {
                long total = 0;
                foreach (var n in counts)
                {
                    total += n;
                }
                return total;
            }),
            EmuKvmCounters.Register(CounterSpec.TlbRefills, () => counts[(int)ExcCode.TlbL] + counts[(int)ExcCode.TlbS]),
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
