using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;
using Emu.Tracing;

namespace Emu.Emulator.Snapshot;

/// <summary>
/// Reverse execution for the gdb stub (RSP bs/bc; gdb's reverse-stepi, reverse-continue, and through them
/// reverse-next and reverse-finish) on a deterministic machine: one vCPU, guest time in instructions
/// (<c>--clock insns</c>), input only from a replay. Going back is going forward again from an earlier automatic
/// snapshot (<see cref="SnapshotStore"/>), as QEMU's record/replay and rr do:
/// <list type="bullet">
/// <item><c>bs</c>: load the newest snapshot at or before N−1 and run to exactly N−1 retired instructions (N−2 when
/// N−1 is a delay slot: gdb's forward steps never stop in one).</item>
/// <item><c>bc</c>: from the newest snapshot before N, replay with the breakpoints and watchpoints armed up to N,
/// remembering every hit; land on the last one (loading the snapshot again and running to its instruction count),
/// or search the segment before, down to the start of history.</item>
/// </list>
/// Called on the gdb session thread while every vCPU is parked by the <see cref="DebugController"/>: it runs vCPU 0
/// itself (its state is handed over by the controller's lock, as when the vCPU thread resumes).
/// </summary>
/// <remarks>
/// History is the run as it happened only if the debugger did not change it: stepping takes interrupts as a run
/// does (gdb's step flags are set so), and a register or memory write by the debugger is not part of the past that
/// reverse execution replays. A WAIT stepped over by the debugger ends the wait at once (DebugController) where a
/// run would idle until the timer: such a step is not replayed exactly.
/// </remarks>
public sealed class ReverseExecution : IReverseDebugger
{
    private readonly Machine _machine;
    private readonly SnapshotStore _store;
    private readonly DebugController _controller;
    private readonly AutoSnapshotHook _hook;

    /// <summary>Step flags under reverse execution: interrupts are taken on a step as in a run (QEMU's NOIRQ would make the past depend on how it was stepped).</summary>
    public const SingleStepFlags StepFlags = SingleStepFlags.Enable | SingleStepFlags.NoTimer;

    public ReverseExecution(Machine machine, SnapshotStore store, DebugController controller, AutoSnapshotHook hook)
    {
        if (machine.Cpus.Count != 1)
        {
            throw new ArgumentException("reverse execution needs one vCPU (--smp 1): vCPU threads interleave nondeterministically");
        }
        if (machine.Clock != Timing.GuestClockSource.Instructions)
        {
            throw new ArgumentException("reverse execution needs guest time in instructions (--clock insns)");
        }
        _machine = machine;
        _store = store;
        _controller = controller;
        _hook = hook;
        controller.StepFlags = StepFlags;
    }

    private Mips32Cpu Cpu => _machine.Cpu;

    /// <summary>Instructions replayed by reverse operations (the summary's replay figure).</summary>
    public long InstructionsReplayed { get; private set; }

    /// <summary>
    /// A step back that had to replay more than twice this many instructions leaves an extra automatic snapshot this
    /// far before where it lands, so the steps back that usually follow replay at most this many (rr's and QEMU's
    /// reverse debuggers likewise add checkpoints near the current point).
    /// </summary>
    public const long StepBackCheckpointDistance = 20_000;

    /// <summary>RSP bs: back one instruction.</summary>
    public ReverseResult StepBack()
    {
        var now = Cpu.InstructionsRetired;
        if (now == 0 || _store.AtOrBefore(now - 1) is null)
        {
            return new ReverseResult(new DebugStop(DebugStopKind.Step, 0), BeginningOfHistory: true);
        }
        return WithHookSuspended(() =>
        {
            var target = now - 1;
            var stop = LandOn(target);
            if (Cpu.InDelaySlot && _store.AtOrBefore(target - 1) is not null)
            {
                // gdb steps MIPS forwards by software single-step, which runs a branch and its delay slot as one step
                // (breakpoints at the target and pc+8): it never stops in a slot, so neither does a step back. Land
                // on the branch.
                target--;
                stop = LandOn(target);
            }
            return stop is { Kind: DebugStopKind.Halted } || Cpu.InstructionsRetired != target
                ? Diverged(target)
                : new ReverseResult(new DebugStop(DebugStopKind.Step, 0), BeginningOfHistory: false);
        });
    }

    /// <summary>Loads the newest snapshot at or before <paramref name="target"/> and runs to it (adding a checkpoint on a long way).</summary>
    private DebugStop? LandOn(long target)
    {
        var snapshot = _store.AtOrBefore(target)!;
        _machine.LoadSnapshot(snapshot);
        if (target - snapshot.Instructions > 2 * StepBackCheckpointDistance
            && RunTo(target - StepBackCheckpointDistance, DebugPoints.Empty, collect: null) is null
            && Cpu.InstructionsRetired == target - StepBackCheckpointDistance)
        {
            _store.TakeAutomatic();
        }
        return RunTo(target, DebugPoints.Empty, collect: null);
    }

    /// <summary>RSP bc: back to the last breakpoint or watchpoint hit before now, or to the start of history.</summary>
    public ReverseResult ContinueBack()
    {
        var now = Cpu.InstructionsRetired;
        var points = _controller.Points;
        return WithHookSuspended(() =>
        {
            var end = now;
            foreach (var snapshot in _store.History.Where(s => s.Instructions < now).Reverse())
            {
                (long At, long After, DebugStop Stop)? last = null;
                _machine.LoadSnapshot(snapshot);
                RunTo(end, points, collect: (at, after, stop) => last = (at, after, stop));
                if (last is { } hit)
                {
                    // A breakpoint: land before its instruction, as a forward hit. A watchpoint: land just after the
                    // access (new value in memory), because gdb answers a MIPS watchpoint stop (non-steppable,
                    // gdbarch_have_nonsteppable_watchpoint) by stepping once more in the same direction: its reverse
                    // step then un-executes the access, ending on the storing instruction with the old value.
                    var target = hit.Stop.Kind == DebugStopKind.Watchpoint ? hit.After : hit.At;
                    _machine.LoadSnapshot(snapshot);
                    RunTo(target, DebugPoints.Empty, collect: null);
                    return Cpu.InstructionsRetired == target ? new ReverseResult(hit.Stop, BeginningOfHistory: false) : Diverged(target);
                }
                end = snapshot.Instructions;
            }
            // No hit: history begins at the oldest snapshot.
            if (_store.History.FirstOrDefault() is { } first && first.Instructions < now)
            {
                _machine.LoadSnapshot(first);
            }
            return new ReverseResult(new DebugStop(DebugStopKind.Step, 0), BeginningOfHistory: true);
        });
    }

    private ReverseResult Diverged(long expected)
    {
        var what = $"reverse execution reached instruction {Cpu.InstructionsRetired}, not {expected}";
        EmuKvmTrace.ReplayDivergence(Cpu.InstructionsRetired, expected, what);
        return new ReverseResult(new DebugStop(DebugStopKind.Step, 0), BeginningOfHistory: false, Error: what);
    }

    private ReverseResult WithHookSuspended(Func<ReverseResult> body)
    {
        _hook.Suspended = true;
        _machine.ConsoleMuted = true; // the past's output was shown when it happened
        Cpu.ClearStopRequest();
        try
        {
            return body();
        }
        finally
        {
            _machine.ConsoleMuted = false;
            _hook.Suspended = false;
            _hook.Rearm(_machine);
            Cpu.ApplyDebugPoints(_controller.Points);
            Cpu.TakeDebugHit();
        }
    }

    /// <summary>
    /// Runs vCPU 0 to exactly <paramref name="target"/> retired instructions with <paramref name="points"/> armed.
    /// Each hit before the target goes to <paramref name="collect"/> (with the instruction counts before the hit
    /// instruction and after it) and is stepped over; without a collector the first hit ends the run. Returns the stop
    /// that ended the run early, or null.
    /// </summary>
    private DebugStop? RunTo(long target, DebugPoints points, Action<long, long, DebugStop>? collect)
    {
        Cpu.ApplyDebugPoints(points);
        var start = Cpu.InstructionsRetired;
        try
        {
            while (Cpu.InstructionsRetired < target)
            {
                var reason = Cpu.Run(target - Cpu.InstructionsRetired);
                var hit = Cpu.TakeDebugHit();
                if (reason == StopReason.Halted)
                {
                    return new DebugStop(DebugStopKind.Halted, 0);
                }
                if (hit is not null)
                {
                    var at = Cpu.InstructionsRetired;
                    if (collect is null || at >= target)
                    {
                        return at >= target ? null : hit;
                    }
                    // Step over the hit as a continue does: the instruction (a branch and its delay slot, when the
                    // watched access was in the slot) runs with the points suppressed.
                    do
                    {
                        Cpu.DebugStepOne(suppressWatchpoints: true, StepFlags);
                        Cpu.TakeDebugHit();
                    }
                    while (Cpu.InDelaySlot && Cpu.InstructionsRetired < target);
                    if (Cpu.InstructionsRetired <= target)
                    {
                        collect(at, Cpu.InstructionsRetired, hit);
                    }
                    continue;
                }
                if (reason != StopReason.InstructionLimit)
                {
                    // Waiting for a device that never speaks (no input in reverse execution), or a stop request.
                    Cpu.ClearStopRequest();
                    return null;
                }
            }
            return null;
        }
        finally
        {
            InstructionsReplayed += Cpu.InstructionsRetired - start;
        }
    }
}
