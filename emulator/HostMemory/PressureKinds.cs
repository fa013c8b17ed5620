namespace Emu.Emulator.HostMemory;

/// <summary>The host memory events a <see cref="HostPressureDriver"/> applies.</summary>
[Flags]
public enum PressureKinds
{
    None = 0,
    /// <summary>KSM passes over random ranges (<see cref="HostMm.KsmMerge"/>).</summary>
    Ksm = 1 << 0,
    /// <summary>Fork-like COW snapshots, released again a few operations later (<see cref="HostMm.ShareCow"/>).</summary>
    Cow = 1 << 1,
    /// <summary>Swap-out of random ranges (<see cref="HostMm.SwapOut"/>); the guest's touch swaps back in.</summary>
    Swap = 1 << 2,
    /// <summary>Balloon inflate then deflate, only inside the configured balloonable range.</summary>
    Balloon = 1 << 3,
    /// <summary>Aging (<see cref="HostMm.AgeRange"/>, clear_flush_young) and idle marking (<see cref="HostMm.ClearYoung"/>).</summary>
    Age = 1 << 4,
    /// <summary>mprotect(PROT_READ) of random ranges, restored to read-write a few operations later.</summary>
    Mprotect = 1 << 5,
    All = Ksm | Cow | Swap | Balloon | Age | Mprotect,
}

/// <summary>How a <see cref="HostPressureDriver"/> behaves.</summary>
public sealed record HostPressureOptions
{
    /// <summary>Seed of the driver's random choices; null = chosen from the clock (read it back from <see cref="HostPressureDriver.Seed"/>).</summary>
    public int? Seed { get; init; }

    /// <summary>Target operations per second; 0 or less = as fast as possible.</summary>
    public double OperationsPerSecond { get; init; } = 1000;

    public PressureKinds Kinds { get; init; } = PressureKinds.All;

    /// <summary>Ranges the driver may merge, share, swap, age and write-protect (guest RAM).</summary>
    public IReadOnlyList<HvaRange> Ranges { get; init; } = [];

    /// <summary>
    /// Pages the guest has given up (a balloon driver's pages): the only place <see cref="PressureKinds.Balloon"/>
    /// acts, because discarding pages in use would legitimately destroy their data.
    /// </summary>
    public HvaRange? BalloonRange { get; init; }

    /// <summary>Largest range (pages) of one swap/COW/age/mprotect/balloon operation.</summary>
    public int MaxPagesPerOperation { get; init; } = 8;

    /// <summary>Largest range (pages) of one KSM pass (KSM needs several pages to find duplicates).</summary>
    public int MaxPagesPerKsmPass { get; init; } = 64;

    /// <summary>Stop choosing new operations after this many (pending undos still run on Stop); null = unbounded. With a seed this makes a run's choices reproducible.</summary>
    public long? MaxOperations { get; init; }

    /// <summary>A COW snapshot, mprotect downgrade or balloon inflation is undone after 1..this many further operations.</summary>
    public int MaxHoldOperations { get; init; } = 8;
}
