using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;

namespace Emu.Emulator;

/// <summary>
/// The one loop that runs a machine's vCPU threads (KVM's userspace side: one thread per vCPU in KVM_RUN, and a
/// main loop that stops them all for a reset, a pause or the end, as QEMU's pause_all_vcpus/resume_all_vcpus).
/// Each vCPU thread parks here between runs; the runner lets it run (or, under a debugger, step), takes the
/// reason it stopped, and once every vCPU has parked decides, in one place, what the machine does next:
/// <list type="bullet">
/// <item>power-off (<see cref="StopReason.Halted"/>), vCPU 0's instruction limit, a bounded WAIT, or
/// <see cref="End"/> (Ctrl-C, SIGTERM, a debugger's kill): the run ends and <see cref="Run"/> returns why;</item>
/// <item>a guest reset (Malta SOFTRES): the board is reset and every vCPU runs on from the reset vector, unless
/// a debugger waits for a stop reply: then the machine stays stopped there and the debugger hears of it
/// (<see cref="DebugStopKind.Reset"/>);</item>
/// <item>a debug point, a finished step or an interrupt (with an <see cref="IVcpuStopPolicy"/> attached):
/// every vCPU parks (all-stop) and the policy reports the stop;</item>
/// <item><see cref="Pause"/> (the console monitor's stop, a debugger's attach): every vCPU parks until
/// <see cref="Continue"/> or <see cref="Resume"/>.</item>
/// </list>
/// A running vCPU is never touched from outside: every stop is a request (<see cref="Mips32Cpu.RequestStop"/>)
/// honoured at its next batch boundary, as flush requests are.
/// </summary>
/// <remarks>
/// <see cref="_lock"/> guards every mutable field below it, and is the barrier that makes a parked vCPU's state
/// visible to the thread that reads it next (the debugger, the monitor, the board reset). The board reset runs
/// under it with every vCPU parked; nothing here is called while holding it except that reset.
/// Each vCPU's budget for a run is "retire up to <see cref="_ends"/>[i]": a vCPU at its end parks (vCPU 0's end
/// is the run's instruction limit and ends the run). Running a vCPU to an exact instruction count and parking it
/// there is a matter of setting its end and treating the park as a stop.
/// With a <see cref="RoundRobinSchedule"/> (<c>--smp-order round-robin</c>, and whenever a run is recorded, replayed
/// or reversed with more than one vCPU) the vCPU threads still park and run here, but execute only while they hold the
/// schedule's turn, passing it on at each turn's end (<see cref="ExecuteInTurns"/>): one thread executes guest code at
/// a time, so the run does not depend on the host. A stop a vCPU reports stops every vCPU where it is (each other
/// vCPU is between turns); a stop from outside (<see cref="End"/>, <see cref="Pause"/>, <see cref="Interrupt"/>) is
/// taken by vCPU 0 during its turn (RoundRobinSchedule's summary says why).
/// </remarks>
public sealed class VcpuRunner
{
    private readonly Mips32Cpu[] _cpus;
    private readonly Func<bool> _takeResetRequest;
    private readonly Action _resetBoard;
    // The deterministic interleaving, or null: every vCPU thread runs at once. Its Turn is guarded by _lock.
    private readonly RoundRobinSchedule? _schedule;

    private readonly object _lock = new();
    // What each parked vCPU is to do next (Stay: stay parked); set by Run's start, Resume, Continue and a reset.
    private readonly VcpuAction[] _grant;
    // True from the grant until the vCPU has parked again: the vCPU may be executing guest code.
    private readonly bool[] _running;
    // Instruction count at which each vCPU's budget of the current Run ends (long.MaxValue: none).
    private readonly long[] _ends;
    private IVcpuStopPolicy? _policy;
    // The next Run leaves the vCPUs parked (gdb -S) instead of starting them.
    private bool _holdAtStart;
    private bool _active;
    // Set once the run is to end; Run returns it when every vCPU has parked (_ended).
    private StopReason? _end;
    private bool _ended;
    // End() arrived while no Run was active: the next Run ends at once (as a stop request before KVM_RUN).
    private bool _endRequested;
    // Pause(): stay parked (after a reset too) until Continue or Resume.
    private bool _pauseRequested;
    // The first debugger stop since the last resume (under a policy).
    private DebugStop? _stop;
    // A debugger resume waits for its one stop report (RSP: one stop reply per resume).
    private bool _reportOwed;
    private bool _halted;
    private DebugStop _lastStop = new(DebugStopKind.Step, 0);
    // Round-robin only: every vCPU is to stop where it is (a reported stop, an end, a reset); vCPUs waiting for their
    // turn leave instead of waiting. Cleared by the next grant.
    private bool _stopAll;

    public VcpuRunner(IReadOnlyList<Mips32Cpu> cpus, Func<bool> takeResetRequest, Action resetBoard, RoundRobinSchedule? schedule = null)
    {
        _cpus = new Mips32Cpu[cpus.Count]; // copied in a loop: a spread of an IReadOnlyList goes through LINQ's iterators
        for (var i = 0; i < _cpus.Length; i++)
        {
            _cpus[i] = cpus[i];
        }
        _takeResetRequest = takeResetRequest;
        _resetBoard = resetBoard;
        _schedule = schedule;
        _grant = new VcpuAction[_cpus.Length];
        _running = new bool[_cpus.Length];
        _ends = new long[_cpus.Length];
        for (var i = 0; i < _cpus.Length; i++)
        {
            _cpus[i].VcpuIndex = i;
        }
    }

    public IReadOnlyList<Mips32Cpu> Cpus => _cpus;

    /// <summary>The deterministic interleaving (round-robin), or null when the vCPU threads run freely.</summary>
    public RoundRobinSchedule? Schedule => _schedule;

    /// <summary>
    /// Some vCPU is executing guest code (_lock held). A loop: Span.Contains over bool is in no ReadyToRun image and was
    /// JIT-compiled in every run.
    /// </summary>
    private bool AnyRunningLocked()
    {
        foreach (var running in _running)
        {
            if (running)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>No vCPU is executing guest code (parked, or not started); their state may be read.</summary>
    public bool AllParked
    {
        get { lock (_lock) { return !AnyRunningLocked(); } }
    }

    /// <summary>True while a <see cref="Pause"/> holds every vCPU parked.</summary>
    public bool Paused
    {
        get { lock (_lock) { return _pauseRequested && !AnyRunningLocked() && !_ended; } }
    }

    /// <summary>The guest powered the machine off (the run ended with <see cref="StopReason.Halted"/>).</summary>
    public bool Halted
    {
        get { lock (_lock) { return _halted; } }
    }

    /// <summary>The run is over (power-off, or an end: Ctrl-C, SIGTERM, a kill, the limit): nothing runs again.</summary>
    public bool Over
    {
        get { lock (_lock) { return _halted || _ended; } }
    }

    /// <summary>The last completed stop (RSP "?").</summary>
    public DebugStop LastStop
    {
        get { lock (_lock) { return _lastStop; } }
    }

    /// <summary>
    /// Plugs a debugger in (before <see cref="Run"/>): debug points, steps and all-stop reports from now on.
    /// With <paramref name="startHalted"/> (gdb -S) the vCPUs wait for the debugger's first resume.
    /// </summary>
    public void Attach(IVcpuStopPolicy policy, bool startHalted)
    {
        lock (_lock)
        {
            _policy = policy;
            _holdAtStart = startHalted;
            foreach (var cpu in _cpus)
            {
                cpu.AttachDebugger();
            }
        }
    }

    /// <summary>
    /// Runs the machine: vCPU 0 on the calling thread, the others on threads of their own, until the guest powers
    /// off, <see cref="End"/> is called, or vCPU 0 has retired <paramref name="maxInstructions"/> more (each
    /// secondary vCPU parks at the same budget of its own). Guest resets happen inside; the limit counts
    /// across them and across pauses. Returns why the run ended.
    /// </summary>
    public StopReason Run(long maxInstructions = long.MaxValue)
    {
        lock (_lock)
        {
            if (_active)
            {
                throw new InvalidOperationException("the machine is already running");
            }
            _active = true;
            _ended = false;
            _end = _endRequested ? StopReason.StopRequested : null;
            _endRequested = false;
            for (var i = 0; i < _cpus.Length; i++)
            {
                var now = _cpus[i].InstructionsRetired;
                _ends[i] = maxInstructions >= long.MaxValue - now ? long.MaxValue : now + maxInstructions;
                if (_end is null && !_holdAtStart && !_pauseRequested && !_running[i])
                {
                    GrantLocked(i, VcpuAction.Continue);
                }
            }
            _holdAtStart = false;
            if (_end is not null)
            {
                // Ended before it began: nothing runs, not even a debugger's early grant.
                Array.Fill(_grant, VcpuAction.Stay);
                Array.Fill(_running, false);
                _ended = true;
            }
            Monitor.PulseAll(_lock);
        }
        // A loop, not LINQ: Enumerable's iterators over Thread cost about 0.6 ms of type loading at every start-up.
        var secondaries = new Thread[_cpus.Length - 1];
        for (var i = 1; i < _cpus.Length; i++)
        {
            var index = i;
            secondaries[i - 1] = new Thread(() => VcpuLoop(index)) { IsBackground = true, Name = $"vcpu{index}" };
            secondaries[i - 1].Start();
        }
        try
        {
            VcpuLoop(0);
        }
        finally
        {
            if (secondaries.Length > 0)
            {
                End(); // matters only if vCPU 0's thread failed: otherwise every vCPU has parked for good
                foreach (var t in secondaries)
                {
                    t.Join();
                }
            }
            lock (_lock)
            {
                _active = false;
                _ended = true;
                Monitor.PulseAll(_lock);
            }
        }
        lock (_lock)
        {
            return _end ?? StopReason.StopRequested;
        }
    }

    /// <summary>
    /// Ends the run (Ctrl-C, SIGTERM, quit, a debugger's kill), paused or running; before a run, the next
    /// <see cref="Run"/> returns at once. <see cref="Run"/> returns <see cref="StopReason.StopRequested"/>.
    /// </summary>
    public void End()
    {
        DebugStop? report;
        lock (_lock)
        {
            if (!_active)
            {
                _endRequested = true;
                return;
            }
            _end ??= StopReason.StopRequested;
            RequestExternalStopLocked();
            report = SettleIfParkedLocked();
        }
        Deliver(report);
    }

    /// <summary>
    /// Parks every vCPU and waits until none executes guest code (the console monitor's stop; a debugger
    /// attaching, as QEMU stops the VM when gdb connects). The vCPUs stay parked, across a guest reset too,
    /// until <see cref="Continue"/> or <see cref="Resume"/>; a debugger resume still pending is not reported.
    /// False when the run has ended or the timeout passed first.
    /// </summary>
    public bool Pause(TimeSpan timeout)
    {
        DebugStop? report;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        lock (_lock)
        {
            _pauseRequested = true;
            _reportOwed = false;
            RequestExternalStopLocked();
            report = SettleIfParkedLocked();
        }
        Deliver(report);
        lock (_lock)
        {
            while (AnyRunningLocked() && !_ended)
            {
                var left = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
                if ((left <= TimeSpan.Zero && left != Timeout.InfiniteTimeSpan) || !Monitor.Wait(_lock, left))
                {
                    break;
                }
            }
            if (AnyRunningLocked() || _ended)
            {
                return false;
            }
            _lastStop = new DebugStop(DebugStopKind.Interrupt, Math.Max(0, _lastStop.VcpuIndex));
            return true;
        }
    }

    /// <summary>Lets every vCPU run on after <see cref="Pause"/> (the monitor's cont); nothing is reported.</summary>
    public void Continue() => Resume([.. Enumerable.Repeat(VcpuAction.Continue, _cpus.Length)], reportStop: false);

    /// <summary>
    /// Lets the parked vCPUs do what <paramref name="actions"/> says (index = vCPU; RSP vCont). With
    /// <paramref name="reportStop"/>, the debugger waits for the next stop: exactly one
    /// <see cref="IVcpuStopPolicy.Report"/> follows, unless every action is <see cref="VcpuAction.Stay"/>.
    /// </summary>
    public void Resume(IReadOnlyList<VcpuAction> actions, bool reportStop)
    {
        lock (_lock)
        {
            if (_halted || _ended)
            {
                return;
            }
            _pauseRequested = false;
            _stop = null;
            _reportOwed = reportStop;
            for (var i = 0; i < _cpus.Length; i++)
            {
                if (actions[i] != VcpuAction.Stay && !_running[i])
                {
                    GrantLocked(i, actions[i]);
                }
            }
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>A debugger's Ctrl-C: stop everything; the stop is reported as <see cref="DebugStopKind.Interrupt"/>.</summary>
    public void Interrupt()
    {
        lock (_lock)
        {
            var first = Array.IndexOf(_running, true);
            if (first < 0)
            {
                return;
            }
            _stop ??= new DebugStop(DebugStopKind.Interrupt, first);
            RequestExternalStopLocked();
        }
    }

    /// <summary>
    /// Reverse execution (emulator/Snapshot/ReverseExecution.cs) moved the parked machine to a past stop and reported
    /// it: "?" reports that stop from now on, as it reports a forward one.
    /// </summary>
    internal void RecordStop(DebugStop stop)
    {
        lock (_lock)
        {
            _lastStop = stop;
        }
    }

    /// <summary>
    /// The board reset (a debugger's monitor system_reset) while every vCPU is parked: they stay parked, now at
    /// the reset vector, and "?" reports the stop there. False while a vCPU runs or after the run ended.
    /// </summary>
    public bool ResetWhileParked()
    {
        lock (_lock)
        {
            if (AnyRunningLocked() || _ended)
            {
                return false;
            }
            ResetBoardLocked();
            _halted = false;
            _lastStop = new DebugStop(DebugStopKind.Step, 0);
            return true;
        }
    }

    /// <summary>One vCPU thread: park until granted, run or step, report how it stopped; until the run ends.</summary>
    private void VcpuLoop(int index)
    {
        var cpu = _cpus[index];
        while (true)
        {
            VcpuAction action;
            IVcpuStopPolicy? policy;
            long end;
            lock (_lock)
            {
                while (_grant[index] == VcpuAction.Stay && !_ended)
                {
                    Monitor.Wait(_lock);
                }
                if (_ended)
                {
                    return;
                }
                action = _grant[index];
                _grant[index] = VcpuAction.Stay;
                policy = _policy;
                end = _ends[index];
            }
            var reason = _schedule is null ? Execute(cpu, action, policy, end) : ExecuteInTurns(index, action, policy, end);
            var hit = cpu.TakeDebugHit();
            DebugStop? report;
            lock (_lock)
            {
                _running[index] = false;
                Classify(index, action, reason, hit);
                report = SettleIfParkedLocked();
            }
            Deliver(report);
        }
    }

    /// <summary>
    /// vCPU thread, outside the lock: one grant. Under a debugger a continue first executes the instruction at
    /// the PC even if it holds a breakpoint (gdb expects the instruction under a reported breakpoint to run on
    /// resume) and steps over a watched access there (the watch stop it already reported); a vCPU idle in WAIT
    /// has no instruction to step over and just waits on.
    /// </summary>
    private static StopReason Execute(Mips32Cpu cpu, VcpuAction action, IVcpuStopPolicy? policy, long end)
    {
        long Left() => end == long.MaxValue ? long.MaxValue : end - cpu.InstructionsRetired;
        if (Left() <= 0)
        {
            return StopReason.InstructionLimit;
        }
        if (policy is null)
        {
            return cpu.Run(Left());
        }
        policy.PrepareToRun(cpu);
        if (action == VcpuAction.Step)
        {
            return cpu.DebugStepOne(suppressWatchpoints: false, policy.StepFlags);
        }
        var reason = cpu.DebugInWait ? StopReason.InstructionLimit : cpu.DebugStepOne(suppressWatchpoints: true, policy.StepFlags);
        return reason == StopReason.InstructionLimit ? cpu.Run(Left()) : reason;
    }

    /// <summary>What one vCPU's stop means for the machine (under the lock).</summary>
    private void Classify(int index, VcpuAction action, StopReason reason, DebugStop? hit)
    {
        DebugStop? stop = null;
        switch (reason)
        {
            case StopReason.Halted:
                _end = StopReason.Halted; // power-off wins over anything else
                _halted = true;
                break;
            case StopReason.WaitingForInterrupt when index == 0:
                _end ??= reason;
                break;
            case StopReason.InstructionLimit when index == 0 && _cpus[0].InstructionsRetired >= _ends[0]:
                _end ??= reason;
                break;
            case StopReason.InstructionLimit when action == VcpuAction.Step:
                stop = new DebugStop(DebugStopKind.Step, index);
                break;
            default:
                // StopRequested: the runner (or a guest reset) asked. A secondary vCPU at its own budget parks.
                break;
        }
        stop = hit ?? stop;
        if (stop is not null && _policy is not null)
        {
            _stop ??= stop;
        }
        // Round-robin: a vCPU that parks for a stop request (an external stop taken by vCPU 0, a guest reset) stops
        // the others too, who are between turns; a vCPU at its own budget parks alone and its turns are skipped.
        if (_end is not null || _stop is not null || (_schedule is not null && reason == StopReason.StopRequested))
        {
            RequestStopLocked();
        }
    }

    /// <summary>
    /// When no vCPU runs any more, decides what the machine does next (see the class summary) and returns the
    /// stop a debugger is owed, if any, for <see cref="Deliver"/> outside the lock.
    /// </summary>
    private DebugStop? SettleIfParkedLocked()
    {
        Monitor.PulseAll(_lock);
        return _active && !_ended && !AnyRunningLocked() ? SettleLocked() : null;
    }

    private DebugStop? SettleLocked()
    {
        if (_end is not null)
        {
            _ended = true;
            if (_reportOwed && _policy is not null)
            {
                // The debugger waits: tell it the machine is gone, as QEMU's gdb_exit sends W00 at every exit.
                _reportOwed = false;
                return _lastStop = new DebugStop(DebugStopKind.Halted, 0);
            }
            return null;
        }
        if (_takeResetRequest())
        {
            ResetBoardLocked();
            if (_reportOwed && _policy is not null)
            {
                // QEMU 7.2 resets and runs on without a word to gdb (measured: no packet); Emu stops here and says
                // so, so a debugger sees the reboot (gdb: "handle SIGPWR nostop noprint" gives QEMU's behaviour).
                _stop = new DebugStop(DebugStopKind.Reset, 0);
            }
            else if (_stop is null && !_pauseRequested)
            {
                for (var i = 0; i < _cpus.Length; i++)
                {
                    GrantLocked(i, VcpuAction.Continue);
                }
                Monitor.PulseAll(_lock);
                return null;
            }
        }
        var stop = _stop;
        _stop = null;
        if (stop is null && _reportOwed && !_pauseRequested)
        {
            // Every resumed vCPU parked with nothing to say (a secondary at its budget): never leave the
            // debugger waiting; report the stop as an interrupt.
            stop = new DebugStop(DebugStopKind.Interrupt, 0);
        }
        if (stop is null)
        {
            return null;
        }
        _lastStop = stop;
        if (!_reportOwed)
        {
            return null;
        }
        _reportOwed = false;
        return stop;
    }

    private void Deliver(DebugStop? report)
    {
        if (report is not null)
        {
            _policy?.Report(report);
        }
    }

    /// <summary>Board reset with every vCPU parked; stop requests aimed at the old run are dropped.</summary>
    private void ResetBoardLocked()
    {
        _resetBoard();
        _schedule?.Reset(); // power-on order: vCPU 0 first
        foreach (var cpu in _cpus)
        {
            cpu.ClearStopRequest(); // SOFTRES asked every vCPU to stop; a parked one never consumed it
        }
    }

    private void GrantLocked(int index, VcpuAction action)
    {
        _cpus[index].ClearStopRequest(); // a request from before this grant is stale
        _stopAll = false;
        _grant[index] = action;
        _running[index] = true;
    }

    private void RequestStopLocked()
    {
        _stopAll = true;
        for (var i = 0; i < _cpus.Length; i++)
        {
            if (_running[i])
            {
                _cpus[i].RequestStop();
            }
        }
        Monitor.PulseAll(_lock); // round-robin: vCPUs waiting for their turn leave
    }

    /// <summary>
    /// A stop from outside the guest. Round-robin: vCPU 0 takes it at its next batch boundary in its own turn (then
    /// stops the others, Classify), so where an external stop lands is a position of vCPU 0 (a recording's end, a
    /// snapshot saved from the monitor); the other vCPUs finish the turns before it. Without vCPU 0 running, at once.
    /// </summary>
    private void RequestExternalStopLocked()
    {
        if (_schedule is not null && _running[0])
        {
            _cpus[0].RequestStop();
            return;
        }
        RequestStopLocked();
    }

    /// <summary>
    /// vCPU thread, outside the lock: one grant under the round-robin schedule. Waits for the turn, runs to the turn's
    /// end (RoundRobinSchedule.TurnEnd) or its own budget, passes the turn on and waits again, until a stop. A vCPU in
    /// WAIT that only a device can wake (Run returns WaitingForInterrupt: its run is bounded by the turn) passes the
    /// turn early; when a whole round passes so, a bounded run (--max-insns, a replay) ends with WaitingForInterrupt at
    /// vCPU 0's turn, as a lone vCPU's does. The first instruction under a debugger is handled as in <see cref="Execute"/>.
    /// </summary>
    private StopReason ExecuteInTurns(int index, VcpuAction action, IVcpuStopPolicy? policy, long end)
    {
        var cpu = _cpus[index];
        var schedule = _schedule!;
        long Left() => end == long.MaxValue ? long.MaxValue : end - cpu.InstructionsRetired;
        var first = true;
        while (true)
        {
            if (!AwaitTurn(index, out var allIdle))
            {
                return StopReason.StopRequested;
            }
            if (Left() <= 0)
            {
                return StopReason.InstructionLimit; // holding the turn: it is passed over while this vCPU is parked
            }
            if (allIdle)
            {
                if (index == 0 && end != long.MaxValue)
                {
                    return StopReason.WaitingForInterrupt; // a bounded run ends when nothing but input could go on
                }
                Thread.Sleep(1); // every vCPU waits for a device: only input changes anything, and the guest cannot see this
            }
            var before = (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken);
            var turnEnd = schedule.TurnEnd(cpu.InstructionsRetired);
            var reason = StopReason.InstructionLimit;
            if (first && policy is not null)
            {
                policy.PrepareToRun(cpu);
                if (action == VcpuAction.Step)
                {
                    reason = cpu.DebugStepOne(suppressWatchpoints: false, policy.StepFlags);
                    if (cpu.InstructionsRetired >= turnEnd)
                    {
                        PassTurn(index, progress: true);
                    }
                    return reason;
                }
                if (!cpu.DebugInWait)
                {
                    reason = cpu.DebugStepOne(suppressWatchpoints: true, policy.StepFlags);
                }
            }
            first = false;
            if (reason == StopReason.InstructionLimit && cpu.InstructionsRetired < turnEnd && Left() > 0)
            {
                reason = cpu.Run(Math.Min(Left(), turnEnd - cpu.InstructionsRetired));
            }
            if (reason is not (StopReason.InstructionLimit or StopReason.WaitingForInterrupt))
            {
                return reason; // a stop: this vCPU keeps the turn and resumes it to the same turn end
            }
            if (reason == StopReason.WaitingForInterrupt || cpu.InstructionsRetired >= turnEnd)
            {
                PassTurn(index, progress: before != (cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken));
            }
        }
    }

    /// <summary>Round-robin: waits until this vCPU holds the turn (true) or is to stop (false).</summary>
    private bool AwaitTurn(int index, out bool allIdle)
    {
        var schedule = _schedule!;
        var cpu = _cpus[index];
        lock (_lock)
        {
            while (true)
            {
                allIdle = schedule.AllIdle;
                // vCPU 0's own stop request may be an external stop, which it takes in its turn; any other vCPU's is
                // a guest reset's (Machine.SoftReset asks every vCPU) or the runner's.
                if (_ended || _stopAll || (index != 0 && cpu.ExitRequestPending))
                {
                    return false;
                }
                if (schedule.Executing(i => _running[i]) == index)
                {
                    return true;
                }
                Monitor.Wait(_lock);
            }
        }
    }

    private void PassTurn(int index, bool progress)
    {
        lock (_lock)
        {
            _schedule!.Pass(index, progress, i => _running[i]);
            Monitor.PulseAll(_lock);
        }
    }
}
