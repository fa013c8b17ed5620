namespace Emu.Tracing;

/// <summary>
/// One Emu-Kvm counter: its stable <paramref name="Name"/> (what <c>dotnet-counters --counters Emu-Kvm[name]</c>
/// selects), the <paramref name="DisplayName"/> and <paramref name="Units"/> tools show, and whether the
/// readers return a running total shown as a per-second rate (<paramref name="IsRate"/>) or a level.
/// </summary>
public sealed record CounterSpec(string Name, string DisplayName, string Units, bool IsRate)
{
    /// <summary>Guest instructions retired, in millions; shown per second, i.e. guest MIPS.</summary>
    public static readonly CounterSpec GuestMips = new("guest-mips", "Guest MIPS", "M insns", true);
    /// <summary>All exits (every guest exception taken and every MMIO exit); KVM's sum of *_exits.</summary>
    public static readonly CounterSpec Exits = new("exit-rate", "Exits", "exits", true);
    /// <summary>TLB miss exits (TLBL + TLBS: refills and invalid entries), KVM's tlbmiss_ld + tlbmiss_st.</summary>
    public static readonly CounterSpec TlbRefills = new("tlb-refill-rate", "Guest TLB refills", "exits", true);
    public static readonly CounterSpec GpaFaultsFast = new("gpa-fault-fast-rate", "GPA faults (fast path)", "faults", true);
    public static readonly CounterSpec GpaFaultsSlow = new("gpa-fault-slow-rate", "GPA faults (slow path)", "faults", true);
    public static readonly CounterSpec GpaFaultsMmio = new("gpa-fault-mmio-rate", "GPA faults (MMIO)", "faults", true);
    public static readonly CounterSpec GpaFaultsHostFault = new("gpa-fault-hostfault-rate", "GPA faults (host fault)", "faults", true);
    public static readonly CounterSpec Retries = new("fault-retry-rate", "GPA fault retries", "retries", true);
    public static readonly CounterSpec Flushes = new("flush-rate", "Shadow flushes", "flushes", true);
    public static readonly CounterSpec HostEvents = new("host-event-rate", "Host memory events", "events", true);
    /// <summary>Guest pages currently backed by a host frame (a level, not a rate).</summary>
    public static readonly CounterSpec ResidentGuestPages = new("resident-guest-pages", "Resident guest pages", "pages", false);

    // The translator's (only with --jit on): what it costs and how much of the guest it covers.
    public static readonly CounterSpec JitRegions = new("jit-region-rate", "JIT regions compiled", "regions", true);
    /// <summary>Host milliseconds spent compiling regions, per second.</summary>
    public static readonly CounterSpec JitCompileMs = new("jit-compile-ms-rate", "JIT compile time", "ms", true);
    /// <summary>Region exits before an instruction the interpreter had to run.</summary>
    public static readonly CounterSpec JitBailouts = new("jit-bailout-rate", "JIT bail-outs", "exits", true);
    /// <summary>Regions dropped (the RegionInvalidated events; --stats' <c>invalidated=</c>): self-modifying code, gdb writes, unmaps.</summary>
    public static readonly CounterSpec JitInvalidated = new("jit-invalidation-rate", "JIT regions invalidated", "regions", true);
    /// <summary>Share of the instructions retired so far that the interpreter ran (a level over the whole run).</summary>
    public static readonly CounterSpec JitInterpretedPercent = new("jit-interpreted-percent", "Instructions interpreted (JIT on)", "%", false);

    /// <summary>Every predefined spec, in display order.</summary>
    public static IReadOnlyList<CounterSpec> WellKnown { get; } = (CounterSpec[])
    [
        GuestMips, Exits, TlbRefills, GpaFaultsFast, GpaFaultsSlow, GpaFaultsMmio, GpaFaultsHostFault,
        Retries, Flushes, HostEvents, ResidentGuestPages, JitRegions, JitCompileMs, JitBailouts, JitInvalidated, JitInterpretedPercent,
    ];
}
