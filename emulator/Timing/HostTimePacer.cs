using System.Diagnostics;

namespace Emu.Emulator.Timing;

/// <summary>
/// Ties one vCPU's guest cycles to the host's monotonic clock under <see cref="GuestClockSource.Host"/>, the way
/// QEMU's <c>-icount sleep=on</c> does (icount_warp_rt / the instruction-count throttle): guest time keeps its
/// structure (instructions plus idle cycles), but an idle vCPU sleeps until the host time at which its next
/// timer event falls due, and a vCPU that executes faster than the guest clock rate is made to wait.
/// </summary>
/// <remarks>
/// The anchor pairs a host timestamp with a guest cycle count; host "now" in cycles is the anchor's cycles plus the
/// host time since, at <see cref="CyclesPerSecond"/>. The vCPU re-anchors each time it enters Run, so time spent
/// stopped (debugger, monitor <c>stop</c>) does not count, as QEMU's virtual clock stops with the VM.
/// Owned by the vCPU thread only; no locking.
/// </remarks>
public sealed class HostTimePacer
{
    /// <summary>How far a vCPU may run ahead of host time before it is held back (QEMU allows a few ms too).</summary>
    public const long MaxLeadMilliseconds = 5;

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

    /// <summary>Guest cycles a vCPU may lead host time by before <see cref="MillisecondsAhead"/> asks it to wait.</summary>
    public long MaxLeadCycles => CyclesPerSecond / 1000 * MaxLeadMilliseconds;

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

    /// <summary>
    /// How long a vCPU at guest cycle <paramref name="cycles"/> should wait for host time to catch up: 0 while it
    /// leads by no more than <see cref="MaxLeadCycles"/>.
    /// </summary>
    public int MillisecondsAhead(long cycles)
    {
        var lead = cycles - HostCycles();
        return lead <= MaxLeadCycles ? 0 : MillisecondsUntil(cycles);
    }
}
