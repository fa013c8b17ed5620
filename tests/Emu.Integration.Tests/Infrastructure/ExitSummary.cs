namespace Emu.Integration.Tests.Infrastructure;

/// <summary>Reading `emu run --stats`'s exit summary (stderr) in tests that compare two runs of one guest.</summary>
public static class ExitSummary
{
    /// <summary>
    /// The lines the guest alone determines: stop reason, instructions, PC, CP0 state, exceptions by cause. Host
    /// counters (GPA faults, flushes, notifier calls) and the translator's line depend on the host and the engine.
    /// </summary>
    public static string GuestDetermined(string stderr) => string.Join("\n", stderr.Split('\n').Where(l =>
        (l.StartsWith("emu: ", StringComparison.Ordinal) && !l.StartsWith("emu:  ", StringComparison.Ordinal)) ||
        l.StartsWith("emu:   vcpu", StringComparison.Ordinal) ||
        l.StartsWith("emu:   exceptions", StringComparison.Ordinal)));
}
