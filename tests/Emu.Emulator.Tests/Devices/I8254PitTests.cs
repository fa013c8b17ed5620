using Emu.Emulator.Devices;

namespace Emu.Emulator.Tests.Devices;

public class I8254PitTests
{
    private const long Hz = 100_000_000;

    [Fact]
    public void Mode2_CountsDownAtTheInputClock_AndReloads()
    {
        var clock = new FakeClock();
        var pit = new I8254Pit(clock, Hz);
        pit.Write(3, 1, 0x34); // channel 0, LSB then MSB, mode 2
        pit.Write(0, 1, 0x9c);
        pit.Write(0, 1, 0x2e); // 11932: 100 Hz

        clock.Cycles = Hz / 1000; // 1 ms = 1193 input ticks
        Assert.Equal(11932 - 1193, pit.Count(0));
        clock.Cycles = Hz / 100 + Hz / 1000; // one period later: reloaded
        Assert.InRange(pit.Count(0), 11932 - 1194, 11932 - 1192);
    }

    [Fact]
    public void LatchCommand_FreezesTheValueForTwoReads()
    {
        var clock = new FakeClock();
        var pit = new I8254Pit(clock, Hz);
        pit.Write(3, 1, 0x34);
        pit.Write(0, 1, 0x00);
        pit.Write(0, 1, 0x10); // 4096
        clock.Cycles = Hz / 1000;

        pit.Write(3, 1, 0x00); // latch channel 0
        clock.Cycles += Hz / 100;
        var lsb = pit.Read(0, 1);
        var msb = pit.Read(0, 1);

        Assert.Equal((uint)(4096 - 1193), lsb | (msb << 8));
    }

    [Fact]
    public void ReadBack_LatchesStatus_WithModeAccessAndOut()
    {
        var pit = new I8254Pit(new FakeClock(), Hz);
        pit.Write(3, 1, 0xb6); // channel 2, LSB then MSB, mode 3

        pit.Write(3, 1, 0xe8); // read-back status (not count) of channel 2

        Assert.Equal(0x36u, pit.Read(2, 1) & 0x3f);
    }

    [Fact]
    public void Mode0_OutGoesHighAtTerminalCount()
    {
        var clock = new FakeClock();
        var pit = new I8254Pit(clock, Hz);
        pit.Write(3, 1, 0x30); // channel 0, mode 0
        pit.Write(0, 1, 100);
        pit.Write(0, 1, 0);

        Assert.False(pit.Out(0));
        clock.Cycles = Hz / 1000; // 1193 ticks > 100
        Assert.True(pit.Out(0));
    }
}
