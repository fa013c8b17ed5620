using Emu.Emulator;
using Emu.Emulator.Loaders;
using Emu.Emulator.Timing;

namespace Emu.Emulator.Tests.Boards;

/// <summary>
/// The RTC's power-on time: fixed under instruction time (two runs identical even when the guest reads the
/// date), the host's clock under host time, and whatever <see cref="MachineOptions.RtcPowerOn"/> says when given.
/// </summary>
public class MachineRtcPowerOnTests
{
    private static Machine Boot(MachineOptions options)
    {
        var image = new ElfImage(true, 0x80100000, [new ElfSegment(0x00100000, 0x80100000, new byte[8], 0x1000)]);
        return Machine.FromElf(image, options with { RamSize = 16u << 20 });
    }

    [Fact]
    public void InstructionTime_WithoutAnEpoch_StartsAtTheFixedDate()
    {
        using var m = Boot(new MachineOptions { Clock = GuestClockSource.Instructions });
        Assert.Equal(MachineOptions.DeterministicRtcPowerOn, m.Board.Rtc.Now);
    }

    [Fact]
    public void HostTime_WithoutAnEpoch_StartsNow()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var m = Boot(new MachineOptions { Clock = GuestClockSource.Host });
        Assert.InRange(m.Board.Rtc.Now, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData(GuestClockSource.Instructions)]
    [InlineData(GuestClockSource.Host)]
    public void AGivenEpoch_IsWhatTheRtcShows(GuestClockSource clock)
    {
        var epoch = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        using var m = Boot(new MachineOptions { Clock = clock, RtcPowerOn = epoch });
        Assert.Equal(epoch, m.Board.Rtc.Now);
    }
}
