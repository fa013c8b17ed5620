using System.Diagnostics;

namespace Emu.Emulator.Timing;

/// <summary>
/// One vCPU's guest clock under <see cref="GuestClockSource.Host"/>: guest cycles read from the host's monotonic
/// clock at the board's rate, as QEMU without -icount reads QEMU_CLOCK_VIRTUAL (host time while the VM runs).
/// Instructions take no guest time here, so the vCPU runs as fast as its engine can; an idle vCPU sleeps until the
/// host time at which its next timer event falls due (Mips32Cpu.Run.cs).
/// </summary>
/// <remarks>
/// The anchor pairs a host timestamp with a guest cycle count; "now" in cycles is the anchor's cycles plus the
/// host time since, at <see cref="CyclesPerSecond"/>. The vCPU re-anchors each time it enters Run, at the last
/// guest time it read, so time spent stopped (debugger, monitor <c>stop</c>) does not count, as QEMU's virtual
/// clock stops with the VM; a device stall (the RTC's polling skip) re-anchors ahead.
/// Owned by the vCPU thread only; no locking.
/// </remarks>
public sealed class HostTimePacer
{
    /// <summary>Longest single host sleep; a wake-up re-examines the vCPU's requests, so this only bounds latency of nothing.</summary>
    public const int MaxSleepMilliseconds = 100;

    private long _anchorTimestamp;
    private long _anchorCycles;

    /// <param name="cyclesPerSecond">Guest cycles per second of board time (the Malta board's 100 MHz).</param>
    public HostTimePacer(long cyclesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cyclesPerSecond, 1_000_000);
        CyclesPerSecond = cyclesPerSecond;
        Anchor(0);
    }

    public long CyclesPerSecond { get; }

    /// <summary>From now on, guest cycle <paramref name="cycles"/> corresponds to the current host time.</summary>
    public void Anchor(long cycles)
    {
        _anchorTimestamp = Stopwatch.GetTimestamp();
        _anchorCycles = cycles;
    }

    /// <summary>Host time now, as guest cycles on this vCPU's time line.</summary>
    public long HostCycles()
    {
        var elapsed = Stopwatch.GetTimestamp() - _anchorTimestamp;
        return _anchorCycles + (long)((Int128)elapsed * CyclesPerSecond / Stopwatch.Frequency);
    }

    /// <summary>
    /// Whole milliseconds (rounded up, at most <see cref="MaxSleepMilliseconds"/>) until host time reaches guest
    /// cycle <paramref name="cycles"/>; 0 when it already has.
    /// </summary>
    public int MillisecondsUntil(long cycles)
    {
        var ahead = cycles - HostCycles();
        if (ahead <= 0)
        {
            return 0;
        }
        var ms = (long)(((Int128)ahead * 1000 + CyclesPerSecond - 1) / CyclesPerSecond);
        return (int)Math.Min(ms, MaxSleepMilliseconds);
    }
}
