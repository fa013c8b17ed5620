using Emu.Emulator.Timing;

namespace Emu.Emulator.Tests.Timing;

/// <summary>The host-time pacer's arithmetic: anchoring and the sleep it asks for.</summary>
public class HostTimePacerTests
{
    private const long Hz = 100_000_000;

    [Fact]
    public void HostCycles_StartAtTheAnchor_AndNeverGoBack()
    {
        var pacer = new HostTimePacer(Hz);
        pacer.Anchor(5_000_000_000);
        var a = pacer.HostCycles();
        var b = pacer.HostCycles();
        Assert.InRange(a, 5_000_000_000, long.MaxValue);
        Assert.True(b >= a);
    }

    [Fact]
    public void MillisecondsUntil_IsZeroForThePast_RoundsUp_AndIsCapped()
    {
        var pacer = new HostTimePacer(Hz);
        pacer.Anchor(1_000_000);
        Assert.Equal(0, pacer.MillisecondsUntil(0));
        // 1 ms of guest cycles ahead of the anchor: at most 1 ms (rounded up), at least 0 once time has passed.
        Assert.InRange(pacer.MillisecondsUntil(1_000_000 + Hz / 1000), 0, 1);
        Assert.Equal(HostTimePacer.MaxSleepMilliseconds, pacer.MillisecondsUntil(long.MaxValue / 2));
    }

    [Fact]
    public void Constructor_RejectsAClockSlowerThan1MHz() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HostTimePacer(1000));
}
