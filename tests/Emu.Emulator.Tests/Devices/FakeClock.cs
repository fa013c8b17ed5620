using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

/// <summary>Guest time a test moves by hand; stalls are recorded and advance it.</summary>
internal sealed class FakeClock : IGuestClock
{
    public long Cycles { get; set; }

    public long Stalled { get; private set; }

    public void Stall(long cycles)
    {
        Stalled += cycles;
        Cycles += cycles;
    }
}
