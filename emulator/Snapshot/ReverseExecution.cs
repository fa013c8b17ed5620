using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;
using Emu.Tracing;

namespace Emu.Emulator.Snapshot;

/// <summary>
/// Reverse execution for the gdb stub (RSP bs/bc; gdb's reverse-stepi, reverse-continue, and through them
/// reverse-next and reverse-finish) on a deterministic machine: one vCPU or several interleaved in round-robin turns
/// (<see cref="RoundRobinSchedule"/>), guest time in instructions (<c>--clock insns</c>), input only from a replay. Going back is going forward again from an earlier automatic
/// snapshot (<see cref="SnapshotStore"/>), as QEMU's record/replay and rr do:
/// <list type="bullet">
/// <item><c>bs</c>: load the newest snapshot at or before N−1 and run to exactly N−1 retired instructions (N−2 when
/// N−1 is a delay slot: gdb's forward steps never stop in one).</item>
/// <item><c>bc</c>: from the newest snapshot before N, replay with the breakpoints and watchpoints armed up to N,
/// remembering every hit; land on the last one (loading the snapshot again and running to its instruction count),
/// or search the segment before, down to the start of history.</item>
/// </list>
/// Both stop early on the debugger's Ctrl-C (a cancelled token): wherever the replay has got to, at an instruction
/// boundary of the past (gdb's interrupt during a reverse-continue).
/// Called on the gdb session's reverse thread while every vCPU is parked by the <see cref="DebugController"/>: it runs the vCPUs
/// itself, in the schedule's order (their state is handed over by the controller's lock, as when the vCPU threads
/// resume).
/// <para>With several vCPUs the machine's past is one sequence of instructions (the turns in order), as rr's is for
/// the threads of a process. A point in it is named by a vCPU and its retired count: "vCPU k holds the turn with n
/// instructions retired, about to execute" (the first such point). <c>bs</c> steps back one instruction of the thread
/// gdb resumes (Hc, else Hg: the thread gdb steps forwards, the one whose registers it shows): it lands just before
/// that vCPU's most recent instruction, where the other vCPUs are wherever they were then, which after a turn change
/// means they too go back by their turns. <c>bc</c> replays the whole sequence with every vCPU's points armed and
/// lands on the last hit of any vCPU, reported as that vCPU's stop (gdb switches to its thread, as for a forward
/// hit). Segments between snapshots are bounded by the timeline position (instructions of all vCPUs together).</para>
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
    private readonly RoundRobinSchedule? _schedule;

    /// <summary>The debugger's Ctrl-C for the operation in progress (set and read on the thread that runs it).</summary>
    private CancellationToken _interrupt;
    // Where the reverse operation in progress started (StopInterrupted never steps past it).
    private Mark _origin;

    /// <summary>Step flags under reverse execution: interrupts are taken on a step as in a run (QEMU's NOIRQ would make the past depend on how it was stepped).</summary>
    public const SingleStepFlags StepFlags = SingleStepFlags.Enable | SingleStepFlags.NoTimer;

    /// <summary>The refusal for several vCPUs that run as free threads.</summary>
    public const string NeedsRoundRobin = "reverse execution with several vCPUs needs them interleaved deterministically (--smp-order round-robin): free vCPU threads interleave nondeterministically";

    public ReverseExecution(Machine machine, SnapshotStore store, DebugController controller, AutoSnapshotHook hook)
    {
        if (machine.Cpus.Count != 1 && machine.Runner.Schedule is null)
        {
            throw new ArgumentException(NeedsRoundRobin);
        }
        if (machine.Clock != Timing.GuestClockSource.Instructions)
        {
            throw new ArgumentException("reverse execution needs guest time in instructions (--clock insns)");
        }
        _machine = machine;
        _store = store;
        _controller = controller;
        _hook = hook;
        _schedule = machine.Runner.Schedule;
        controller.StepFlags = StepFlags;
    }

    private IReadOnlyList<Mips32Cpu> Cpus => _machine.Cpus;

    /// <summary>Instructions retired by all vCPUs together: the position on the machine's timeline.</summary>
    private long Position
    {
        get
        {
            long sum = 0;
            foreach (var cpu in Cpus)
            {
                sum += cpu.InstructionsRetired;
            }
            return sum;
        }
    }

    /// <summary>The vCPU that executes next (the turn's holder; vCPU 0 alone).</summary>
    private int Holder => _schedule?.Turn ?? 0;

    /// <summary>Instructions replayed by reverse operations (the summary's replay figure).</summary>
    public long InstructionsReplayed { get; private set; }

    /// <summary>
    /// A step back that had to replay more than twice this many instructions leaves an extra automatic snapshot this
    /// far before where it lands, so the steps back that usually follow replay at most this many (rr's and QEMU's
    /// reverse debuggers likewise add checkpoints near the current point).
    /// </summary>
    public const long StepBackCheckpointDistance = 20_000;

    /// <summary>
    /// A point on the timeline: vCPU <see cref="Vcpu"/> holds the turn with <see cref="Count"/> instructions retired
    /// (the first such point); or, with <see cref="Vcpu"/> = -1, the vCPUs together have retired <see cref="Count"/>.
    /// </summary>
    private readonly record struct Mark(int Vcpu, long Count);

    /// <summary>RSP bs: back one instruction of vCPU <paramref name="vcpu"/> (see the class summary).</summary>
    public ReverseResult StepBack(int vcpu, CancellationToken interrupt = default)
    {
        if (vcpu < 0 || vcpu >= Cpus.Count)
        {
            vcpu = 0;
        }
        var cpu = Cpus[vcpu];
        var now = cpu.InstructionsRetired;
        if (now == 0 || SnapshotBefore(vcpu, now - 1) is null)
        {
            return Reported(new ReverseResult(new DebugStop(DebugStopKind.Step, vcpu), BeginningOfHistory: true));
        }
        return WithHookSuspended(interrupt, new Mark(vcpu, now), () =>
        {
            var target = now - 1;
            var stop = LandOn(vcpu, target);
            if (stop is { Kind: DebugStopKind.Interrupt } interrupted)
            {
                return new ReverseResult(interrupted, BeginningOfHistory: false);
            }
            if (cpu.InDelaySlot && SnapshotBefore(vcpu, target - 1) is not null)
            {
                // gdb steps MIPS forwards by software single-step, which runs a branch and its delay slot as one step
                // (breakpoints at the target and pc+8): it never stops in a slot, so neither does a step back. Land
                // on the branch.
                target--;
                stop = LandOn(vcpu, target);
            }
            if (stop is { Kind: DebugStopKind.Interrupt } interruptedAgain)
            {
                return new ReverseResult(interruptedAgain, BeginningOfHistory: false);
            }
            return stop is { Kind: DebugStopKind.Halted } || cpu.InstructionsRetired != target
                ? Diverged(vcpu, target)
                : new ReverseResult(new DebugStop(DebugStopKind.Step, vcpu), BeginningOfHistory: false);
        });
    }

    /// <summary>
    /// The newest automatic snapshot from which the run reaches "vCPU <paramref name="vcpu"/> holds the turn at
    /// <paramref name="target"/>". vCPU 0's snapshots are taken in its own turn (its boundary hook), so one at the
    /// target count is at that point; another vCPU at the target count in a snapshot may already have passed it
    /// (waiting in WAIT through turns), so an earlier one is preferred.
    /// </summary>
    private MachineSnapshot? SnapshotBefore(int vcpu, long target) =>
        vcpu == 0
            ? _store.Newest(s => s.VcpuInstructions[0] <= target)
            : _store.Newest(s => s.VcpuInstructions[vcpu] < target) ?? _store.Newest(s => s.VcpuInstructions[vcpu] <= target);

    /// <summary>
    /// Loads the newest snapshot before the target and runs to it (adding a checkpoint on a long way). An interrupt
    /// on the way skips the checkpoint and returns the <see cref="DebugStopKind.Interrupt"/> stop of the second run.
    /// </summary>
    private DebugStop? LandOn(int vcpu, long target)
    {
        var snapshot = SnapshotBefore(vcpu, target)!;
        _machine.LoadSnapshot(snapshot);
        if (target - snapshot.VcpuInstructions[vcpu] > 2 * StepBackCheckpointDistance
            && RunTo(new Mark(vcpu, target - StepBackCheckpointDistance), DebugPoints.Empty, collect: null) is null
            && Cpus[vcpu].InstructionsRetired == target - StepBackCheckpointDistance)
        {
            _store.TakeAutomatic();
        }
        return RunTo(new Mark(vcpu, target), DebugPoints.Empty, collect: null);
    }

    /// <summary>RSP bc: back to the last breakpoint or watchpoint hit (of any vCPU) before now, or to the start of history.</summary>
    public ReverseResult ContinueBack(CancellationToken interrupt = default)
    {
        var now = Position;
        var points = _controller.Points;
        return WithHookSuspended(interrupt, new Mark(-1, now), () =>
        {
            var end = now;
            foreach (var snapshot in _store.History.Where(s => s.Position < now).Reverse())
            {
                (int Vcpu, long At, long After, DebugStop Stop)? last = null;
                _machine.LoadSnapshot(snapshot);
                if (RunTo(new Mark(-1, end), points, collect: (vcpu, at, after, stop) => last = (vcpu, at, after, stop))
                    is { Kind: DebugStopKind.Interrupt } interrupted)
                {
                    // Ctrl-C mid-search: stop where the replay of this segment got to (hits found in it so far are
                    // not the last ones: the rest of the segment was not searched).
                    return new ReverseResult(interrupted, BeginningOfHistory: false);
                }
                if (last is { } hit)
                {
                    // A breakpoint: land before its instruction, as a forward hit. A watchpoint: land just after the
                    // access (new value in memory), because gdb answers a MIPS watchpoint stop (non-steppable,
                    // gdbarch_have_nonsteppable_watchpoint) by stepping once more in the same direction: its reverse
                    // step then un-executes the access, ending on the storing instruction with the old value.
                    var target = hit.Stop.Kind == DebugStopKind.Watchpoint ? hit.After : hit.At;
                    _machine.LoadSnapshot(snapshot);
                    if (RunTo(new Mark(hit.Vcpu, target), DebugPoints.Empty, collect: null) is { Kind: DebugStopKind.Interrupt } interruptedLanding)
                    {
                        return new ReverseResult(interruptedLanding, BeginningOfHistory: false);
                    }
                    return Cpus[hit.Vcpu].InstructionsRetired == target
                        ? new ReverseResult(hit.Stop, BeginningOfHistory: false)
                        : Diverged(hit.Vcpu, target);
                }
                end = snapshot.Position;
            }
            // No hit: history begins at the oldest snapshot.
            if (_store.History.FirstOrDefault() is { } first && first.Position < now)
            {
                _machine.LoadSnapshot(first);
            }
            return new ReverseResult(new DebugStop(DebugStopKind.Step, Holder), BeginningOfHistory: true);
        });
    }

    private ReverseResult Diverged(int vcpu, long expected)
    {
        var reached = Cpus[vcpu].InstructionsRetired;
        var what = $"reverse execution reached instruction {reached}, not {expected}{(Cpus.Count > 1 ? $" (vCPU {vcpu})" : "")}";
        EmuKvmTrace.ReplayDivergence(reached, expected, what);
        return new ReverseResult(new DebugStop(DebugStopKind.Step, vcpu), BeginningOfHistory: false, Error: what);
    }

    /// <summary>The stop a reverse operation reports is the machine's last stop from now on (RSP "?").</summary>
    private ReverseResult Reported(ReverseResult result)
    {
        _machine.Runner.RecordStop(result.Stop);
        return result;
    }

    private ReverseResult WithHookSuspended(CancellationToken interrupt, Mark origin, Func<ReverseResult> body)
    {
        _origin = origin;
        _hook.Suspended = true;
        _machine.ConsoleMuted = true; // the past's output was shown when it happened
        foreach (var cpu in Cpus)
        {
            cpu.ClearStopRequest();
        }
        _interrupt = interrupt;
        // Ctrl-C reaches the replay as a forward one reaches a run: a stop request, honoured at the next batch
        // boundary (RunTo checks the token after each Run). Dispose waits for a callback in flight, so no request is
        // left behind for the next forward run after the clear below.
        var registration = interrupt.Register(() =>
        {
            foreach (var cpu in Cpus)
            {
                cpu.RequestStop();
            }
        });
        try
        {
            return Reported(body());
        }
        finally
        {
            registration.Dispose();
            _interrupt = default;
            _machine.ConsoleMuted = false;
            _hook.Suspended = false;
            _hook.Rearm(_machine);
            foreach (var cpu in Cpus)
            {
                cpu.ClearStopRequest();
                cpu.ApplyDebugPoints(_controller.Points);
                cpu.TakeDebugHit();
            }
        }
    }

    /// <summary>
    /// Ctrl-C during a replay: the machine is at an instruction boundary of the past (a replay from a snapshot,
    /// stopped at a batch boundary), which is where gdb is told it stopped. Out of a delay slot first (within the
    /// turn), as gdb's software single-step from a slot would plant pc+4, which a taken branch never reaches; then the
    /// turn passes if it is over, as after any run (PassIfTurnOver). The slot may be the run's target itself (a batch
    /// that ends where the replay was going, such as a search segment's end, a snapshot's position, which may be a
    /// slot): the step out of it may pass the target, never the point the reverse operation started from
    /// (<see cref="_origin"/>, not a slot: gdb stops outside them).
    /// </summary>
    private DebugStop StopInterrupted(Mips32Cpu cpu, int vcpu, long turnEnd, (long, long, long) before)
    {
        foreach (var c in Cpus)
        {
            c.ClearStopRequest();
        }
        while (cpu.InDelaySlot && cpu.InstructionsRetired < turnEnd && !Reached(_origin))
        {
            cpu.DebugStepOne(suppressWatchpoints: true, StepFlags);
            cpu.TakeDebugHit();
        }
        PassIfTurnOver(cpu, turnEnd, before);
        return new DebugStop(DebugStopKind.Interrupt, vcpu);
    }

    private bool Reached(Mark target) =>
        target.Vcpu < 0
            ? Position >= target.Count
            : Cpus[target.Vcpu].InstructionsRetired > target.Count
              || (Cpus[target.Vcpu].InstructionsRetired == target.Count && Holder == target.Vcpu);

    /// <summary>
    /// Runs the machine to <paramref name="target"/> with <paramref name="points"/> armed on every vCPU, in the order
    /// the run loop runs it (VcpuRunner.ExecuteInTurns: turns end at RoundRobinSchedule.TurnEnd, a WAIT only a device
    /// can end passes the turn). Each hit before the target goes to <paramref name="collect"/> (vCPU, its instruction
    /// counts before the hit instruction and after it) and is stepped over; without a collector the first hit ends
    /// the run. Returns the stop that ended the run early, or null.
    /// </summary>
    private DebugStop? RunTo(Mark target, DebugPoints points, Action<int, long, long, DebugStop>? collect)
    {
        foreach (var c in Cpus)
        {
            c.ApplyDebugPoints(points);
        }
        var start = Position;
        try
        {
            while (!Reached(target))
            {
                var h = Holder;
                var cpu = Cpus[h];
                var turnEnd = _schedule?.TurnEnd(cpu.InstructionsRetired) ?? long.MaxValue;
                if (_interrupt.IsCancellationRequested)
                {
                    // Between runs, or just after a snapshot load (a snapshot may sit in a delay slot).
                    return StopInterrupted(cpu, h, turnEnd, (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken));
                }
                var budget = turnEnd - cpu.InstructionsRetired;
                if (target.Vcpu < 0)
                {
                    budget = Math.Min(budget, target.Count - Position);
                }
                else if (target.Vcpu == h)
                {
                    budget = Math.Min(budget, target.Count - cpu.InstructionsRetired);
                }
                var before = (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken);
                var reason = cpu.Run(budget);
                var hit = cpu.TakeDebugHit();
                if (reason == StopReason.Halted)
                {
                    return new DebugStop(DebugStopKind.Halted, h);
                }
                if (_interrupt.IsCancellationRequested)
                {
                    // A hit in the same batch is dropped: the vCPU is before its instruction (a breakpoint, or a
                    // watched access that has not happened), a state of the past as good as any.
                    return StopInterrupted(cpu, h, turnEnd, before);
                }
                if (hit is not null)
                {
                    var at = cpu.InstructionsRetired;
                    if (collect is null || Reached(target))
                    {
                        return Reached(target) ? null : hit;
                    }
                    // Step over the hit as a continue does: the instruction (a branch and its delay slot, when the
                    // watched access was in the slot) runs with the points suppressed, within the turn.
                    do
                    {
                        cpu.DebugStepOne(suppressWatchpoints: true, StepFlags);
                        cpu.TakeDebugHit();
                    }
                    while (cpu.InDelaySlot && cpu.InstructionsRetired < turnEnd && !Reached(target));
                    if (!Reached(target) || (target.Vcpu < 0 && Position == target.Count))
                    {
                        collect(h, at, cpu.InstructionsRetired, hit);
                    }
                    PassIfTurnOver(cpu, turnEnd, before);
                    continue;
                }
                if (reason == StopReason.InstructionLimit)
                {
                    PassIfTurnOver(cpu, turnEnd, before);
                    continue;
                }
                if (reason == StopReason.WaitingForInterrupt && _schedule is not null)
                {
                    _schedule.Pass(h, before != (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken), _ => true);
                    if (!_schedule.AllIdle)
                    {
                        continue;
                    }
                }
                // Waiting for a device that never speaks (no input in reverse execution), or a stop request.
                cpu.ClearStopRequest();
                return null;
            }
            return null;
        }
        finally
        {
            InstructionsReplayed += Position - start;
        }
    }

    private void PassIfTurnOver(Mips32Cpu cpu, long turnEnd, (long, long, long) before)
    {
        if (_schedule is not null && cpu.InstructionsRetired >= turnEnd)
        {
            _schedule.Pass(Holder, before != (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken), _ => true);
        }
    }
}
