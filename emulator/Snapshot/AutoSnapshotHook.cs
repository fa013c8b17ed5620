using Emu.Emulator.Cpu;

namespace Emu.Emulator.Snapshot;

/// <summary>
/// <c>--snapshot-every N</c>: vCPU 0's guest-time hook takes an automatic snapshot at every multiple of N retired
/// instructions (exactly there: the run loop ends its batch at the armed count), so the history's positions do not
/// depend on how the run was stepped or stopped. Chains to another hook (a recording's or a replay's input) that
/// shares the boundary, asking to be called at whichever of the two comes first.
/// </summary>
public sealed class AutoSnapshotHook(SnapshotStore store, IBoundaryHook? next = null) : IBoundaryHook
{
    private long _nextAt;
    private long _chainedAt = long.MaxValue;

    /// <summary>Installs the hook on vCPU 0 (stopped), the first snapshot due now.</summary>
    public void Install(Machine machine)
    {
        _nextAt = machine.Cpu.InstructionsRetired;
        _chainedAt = next is null ? long.MaxValue : 0;
        machine.Cpu.SetBoundaryHook(this, 0);
    }

    public long AtBoundary(Mips32Cpu cpu)
    {
        var now = cpu.InstructionsRetired;
        if (now >= _nextAt && !Suspended)
        {
            store.TakeAutomatic();
            _nextAt = ((now / store.Every) + 1) * store.Every;
        }
        if (next is not null)
        {
            // The chained hook decides itself whether it is due (it may also have been poked: input arrived).
            _chainedAt = next.AtBoundary(cpu);
        }
        return Math.Min(Suspended ? long.MaxValue : _nextAt, _chainedAt);
    }

    /// <summary>No automatic snapshots while set (reverse execution replays through ground already covered).</summary>
    public bool Suspended { get; set; }

    /// <summary>Where the next automatic snapshot falls (after reverse execution moved guest time).</summary>
    public void Rearm(Machine machine)
    {
        var now = machine.Cpu.InstructionsRetired;
        _nextAt = ((now / store.Every) + 1) * store.Every;
        // The chained hook (a replay's input) may be due earlier now: ask it at the next boundary.
        _chainedAt = next is null ? long.MaxValue : 0;
        machine.Cpu.SetBoundaryHook(this, Math.Min(_nextAt, _chainedAt));
    }
}
