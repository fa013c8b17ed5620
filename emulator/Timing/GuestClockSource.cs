namespace Emu.Emulator.Timing;

/// <summary>
/// What drives guest time (CP0 Count, the PIT, the RTC). Either way guest time is counted in cycles, one per
/// retired instruction plus the cycles that pass while a vCPU idles in WAIT; the source decides how many
/// cycles an idle period is worth.
/// </summary>
public enum GuestClockSource
{
    /// <summary>
    /// Deterministic, instruction-driven time (QEMU's <c>-icount shift=N,sleep=off</c>): an idle vCPU jumps
    /// straight to its next timer event, so the same guest and inputs give the same run. An idle guest costs a
    /// whole host core of skipping, and its clock runs as fast as the host can execute it.
    /// </summary>
    Instructions,

    /// <summary>
    /// Guest time is the host's monotonic clock (QEMU without <c>-icount</c>): instructions take no time, so a vCPU
    /// runs as fast as its engine can, and an idle vCPU sleeps until its next timer event. Runs are not reproducible.
    /// </summary>
    Host,
}
