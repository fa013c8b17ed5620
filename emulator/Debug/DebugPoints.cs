namespace Emu.Emulator.Debug;

/// <summary>What kind of debug point stopped a vCPU (RSP Z-packet types and stop-reply reasons).</summary>
public enum DebugPointKind : byte
{
    /// <summary>Z0: software breakpoint (stop reply "swbreak").</summary>
    SoftwareBreakpoint = 0,
    /// <summary>Z1: hardware breakpoint (stop reply "hwbreak").</summary>
    HardwareBreakpoint = 1,
    /// <summary>Z2: write watchpoint ("watch").</summary>
    WriteWatch = 2,
    /// <summary>Z3: read watchpoint ("rwatch").</summary>
    ReadWatch = 3,
    /// <summary>Z4: access watchpoint ("awatch").</summary>
    AccessWatch = 4,
}

/// <summary>A watched virtual range [Address, Address + Length).</summary>
public readonly record struct Watchpoint(uint Address, uint Length, DebugPointKind Kind)
{
    public bool Overlaps(uint va, uint size) => va < Address + (ulong)Length && Address < va + (ulong)size;

    public bool Matches(bool write) => Kind switch
    {
        DebugPointKind.WriteWatch => write,
        DebugPointKind.ReadWatch => !write,
        _ => true,
    };
}

/// <summary>
/// An immutable snapshot of breakpoints, watchpoints and caught exceptions. <see cref="DebugController"/> replaces it as a
/// whole (copy on write) while the vCPUs are stopped; each vCPU picks the new snapshot up on its own
/// thread before it resumes, so the hot paths read it without locks.
/// </summary>
public sealed class DebugPoints
{
    public static readonly DebugPoints Empty = new([], [], 0);

    private readonly HashSet<uint> _breakpoints;
    private readonly Dictionary<uint, DebugPointKind> _breakpointKinds;
    private readonly Watchpoint[] _watchpoints;
    private readonly HashSet<uint> _watchedPages = [];

    private DebugPoints(Dictionary<uint, DebugPointKind> breakpoints, Watchpoint[] watchpoints, uint catchMask)
    {
        CatchMask = catchMask;
        _breakpointKinds = breakpoints;
        _breakpoints = [.. breakpoints.Keys];
        _watchpoints = watchpoints;
        foreach (var w in watchpoints)
        {
            var last = (uint)Math.Min(0xffffffffUL, w.Address + (ulong)w.Length - 1);
            for (var page = w.Address >> 12; page <= last >> 12; page++)
            {
                _watchedPages.Add(page);
            }
        }
    }

    /// <summary>
    /// Guest exceptions that stop the vCPU at their vector (monitor catch): bit n = ExcCode n
    /// (Cause.ExcCode, MIPS32 PRA Table 9.31).
    /// </summary>
    public uint CatchMask { get; }

    public bool Catches(Emu.Emulator.Cpu.ExcCode code) => (CatchMask & (1u << (int)code)) != 0;

    public DebugPoints WithCatchMask(uint mask) =>
        mask == CatchMask ? this : new DebugPoints(_breakpointKinds, _watchpoints, mask);

    public bool HasBreakpoints => _breakpoints.Count != 0;

    public bool HasWatchpoints => _watchpoints.Length != 0;

    public IEnumerable<uint> BreakpointAddresses => _breakpoints;

    public IReadOnlyList<Watchpoint> Watchpoints => _watchpoints;

    public bool IsBreakpoint(uint pc) => _breakpoints.Contains(pc);

    public DebugPointKind BreakpointKind(uint pc) =>
        _breakpointKinds.TryGetValue(pc, out var k) ? k : DebugPointKind.SoftwareBreakpoint;

    public bool WatchesPage(uint va) => _watchedPages.Contains(va >> 12);

    /// <summary>The first watchpoint an access of <paramref name="size"/> bytes at <paramref name="va"/> triggers.</summary>
    public Watchpoint? FindWatch(uint va, uint size, bool write)
    {
        foreach (var w in _watchpoints)
        {
            if (w.Overlaps(va, size) && w.Matches(write))
            {
                return w;
            }
        }
        return null;
    }

    /// <summary>Insert is idempotent (gdb may re-insert a point it already inserted).</summary>
    public DebugPoints With(DebugPointKind kind, uint address, uint length)
    {
        if (kind is DebugPointKind.SoftwareBreakpoint or DebugPointKind.HardwareBreakpoint)
        {
            var b = new Dictionary<uint, DebugPointKind>(_breakpointKinds) { [address] = kind };
            return new DebugPoints(b, _watchpoints, CatchMask);
        }
        var w = new Watchpoint(address, Math.Max(1u, length), kind);
        return _watchpoints.Contains(w) ? this : new DebugPoints(_breakpointKinds, [.. _watchpoints, w], CatchMask);
    }

    public DebugPoints Without(DebugPointKind kind, uint address, uint length)
    {
        if (kind is DebugPointKind.SoftwareBreakpoint or DebugPointKind.HardwareBreakpoint)
        {
            var b = new Dictionary<uint, DebugPointKind>(_breakpointKinds);
            b.Remove(address);
            return new DebugPoints(b, _watchpoints, CatchMask);
        }
        var w = new Watchpoint(address, Math.Max(1u, length), kind);
        return new DebugPoints(_breakpointKinds, [.. _watchpoints.Where(x => x != w)], CatchMask);
    }
}
