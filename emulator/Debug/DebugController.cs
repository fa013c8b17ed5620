using Emu.Emulator.Cpu;

namespace Emu.Emulator.Debug;

/// <summary>
/// Runs the vCPUs under a debugger: all-stop execution control (GDB-RSP-MIPS.md §4: one stop reply per
/// resume, every vCPU stopped when it is sent), breakpoints and watchpoints, single-step.
/// </summary>
/// <remarks>
/// Threads: each vCPU thread calls <see cref="RunVcpu"/> and parks inside it while stopped; the stub
/// thread calls <see cref="Resume"/>, <see cref="Interrupt"/>, <see cref="PauseAll"/> and the point
/// methods. A running vCPU is never touched from outside: a stop is a request
/// (<see cref="Mips32Cpu.RequestDebugPause"/>) honoured at the vCPU's next batch boundary, the same way
/// flush requests are. New debug points are handed over as an immutable snapshot the vCPU applies on
/// its own thread before it runs again.
/// <para><see cref="_lock"/> guards every field below it and is the memory barrier that makes a parked
/// vCPU's state visible to the stub thread.</para>
/// </remarks>
public sealed class DebugController
{
    private readonly Mips32Cpu[] _cpus;
    private readonly object _lock = new();
    private readonly VcpuAction[] _pending;
    private readonly bool[] _running;
    private DebugPoints _points = DebugPoints.Empty;
    private DebugStop? _stop;
    private bool _stopDelivered = true;
    private bool _killed;
    private bool _halted;

    public DebugController(IReadOnlyList<Mips32Cpu> cpus, bool startHalted)
    {
        _cpus = [.. cpus];
        _pending = new VcpuAction[_cpus.Length];
        _running = new bool[_cpus.Length];
        for (var i = 0; i < _cpus.Length; i++)
        {
            _cpus[i].VcpuIndex = i;
            _cpus[i].AttachDebugger();
            if (!startHalted)
            {
                _pending[i] = VcpuAction.Continue;
                _running[i] = true;
            }
        }
        LastStop = new DebugStop(DebugStopKind.Step, 0);
    }

    /// <summary>
    /// Raised on a vCPU thread once the whole machine has stopped after a resume (or halted). The handler
    /// must not block on the vCPUs.
    /// </summary>
    public event Action<DebugStop>? Stopped;

    public IReadOnlyList<ICpuDebugTarget> Targets => _cpus;

    /// <summary>The reason of the last completed stop (RSP "?").</summary>
    public DebugStop LastStop { get; private set; }

    public SingleStepFlags StepFlags { get; set; } = SingleStepFlags.Default;

    public bool Halted
    {
        get { lock (_lock) { return _halted; } }
    }

    public bool AllStopped
    {
        get
        {
            lock (_lock)
            {
                return !_running.Contains(true);
            }
        }
    }

    public DebugPoints Points
    {
        get { lock (_lock) { return _points; } }
    }

    /// <summary>
    /// Set by the board owner: the board reset a guest reboot performs (monitor "system_reset"); called only
    /// while every vCPU is stopped.
    /// </summary>
    public Action? ResetMachine { get; set; }

    /// <summary>
    /// Set by the board owner: true once per guest reset request (SOFTRES), which stops every vCPU with a
    /// plain stop request; the vCPU that takes it resets the board and runs the machine on (as Machine.Run).
    /// </summary>
    public Func<bool>? TakeBoardReset { get; set; }

    /// <summary>
    /// monitor system_reset: resets the board (vCPUs stay stopped, now at the reset vector) and records
    /// the stop there, so "?" reports it. False when the machine cannot be reset or is not stopped.
    /// </summary>
    public bool ResetBoard()
    {
        lock (_lock)
        {
            if (ResetMachine is not { } reset || _running.Contains(true) || _killed)
            {
                return false;
            }
            reset();
            _halted = false;
            LastStop = new DebugStop(DebugStopKind.Step, 0);
            return true;
        }
    }

    public void InsertPoint(DebugPointKind kind, uint address, uint length)
    {
        lock (_lock)
        {
            _points = _points.With(kind, address, length);
        }
    }

    public void RemovePoint(DebugPointKind kind, uint address, uint length)
    {
        lock (_lock)
        {
            _points = _points.Without(kind, address, length);
        }
    }

    /// <summary>Guest exceptions that stop the machine at their vector (bit n = ExcCode n); see DebugPoints.CatchMask.</summary>
    public uint CatchMask
    {
        get { lock (_lock) { return _points.CatchMask; } }
        set { lock (_lock) { _points = _points.WithCatchMask(value); } }
    }

    public void ClearPoints()
    {
        lock (_lock)
        {
            _points = DebugPoints.Empty;
        }
    }

    /// <summary>
    /// Starts the vCPUs with the given actions (index = vCPU). Exactly one <see cref="Stopped"/> follows,
    /// unless every action is <see cref="VcpuAction.Stay"/>.
    /// </summary>
    public void Resume(IReadOnlyList<VcpuAction> actions)
    {
        lock (_lock)
        {
            if (_halted || _killed)
            {
                return;
            }
            _stop = null;
            _stopDelivered = false;
            for (var i = 0; i < _cpus.Length; i++)
            {
                if (actions[i] != VcpuAction.Stay && !_running[i])
                {
                    _cpus[i].ClearDebugPause();
                    _pending[i] = actions[i];
                    _running[i] = true;
                }
            }
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Ctrl-C: stop everything; the stop is reported as <see cref="DebugStopKind.Interrupt"/>.</summary>
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
            PauseRunningLocked();
        }
    }

    /// <summary>
    /// Stops every vCPU and waits until all are parked (debugger attach; QEMU stops the VM when gdb
    /// connects). The resulting stop is recorded but not delivered through <see cref="Stopped"/>.
    /// </summary>
    public bool PauseAll(TimeSpan timeout)
    {
        lock (_lock)
        {
            _stopDelivered = true; // swallow: nobody asked for a stop reply
            PauseRunningLocked();
            var deadline = DateTime.UtcNow + timeout;
            while (_running.Contains(true))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_lock, left))
                {
                    return !_running.Contains(true);
                }
            }
            LastStop = new DebugStop(DebugStopKind.Interrupt, Math.Max(0, LastStop.VcpuIndex));
            return true;
        }
    }

    /// <summary>Ends the run: every vCPU thread leaves <see cref="RunVcpu"/> (RSP "k").</summary>
    public void Kill()
    {
        lock (_lock)
        {
            _killed = true;
            PauseRunningLocked();
            Monitor.PulseAll(_lock);
        }
    }

    /// <summary>
    /// The vCPU thread's loop under a debugger: park until resumed, run or step, report, repeat.
    /// Returns <see cref="StopReason.Halted"/> when the guest halts the machine, or
    /// <see cref="StopReason.StopRequested"/> after <see cref="Kill"/>.
    /// </summary>
    public StopReason RunVcpu(int index)
    {
        var cpu = _cpus[index];
        while (true)
        {
            VcpuAction action;
            DebugPoints points;
            lock (_lock)
            {
                while (_pending[index] == VcpuAction.Stay && !_killed)
                {
                    Monitor.Wait(_lock);
                }
                if (_killed)
                {
                    _running[index] = false;
                    Monitor.PulseAll(_lock);
                    return StopReason.StopRequested;
                }
                action = _pending[index];
                _pending[index] = VcpuAction.Stay;
                points = _points;
            }

            cpu.ApplyDebugPoints(points);
            // A resume first executes the instruction at the PC even if it holds a breakpoint (gdb expects
            // the instruction under a reported breakpoint to run on resume); a continue also steps over a
            // watched access there (the watch stop it already reported). A vCPU idle in WAIT has no
            // instruction to step over: a continue just lets it wait on.
            var reason = action == VcpuAction.Continue && cpu.DebugInWait
                ? StopReason.InstructionLimit
                : cpu.DebugStepOne(suppressWatchpoints: action == VcpuAction.Continue, StepFlags);
            if (action == VcpuAction.Continue && reason == StopReason.InstructionLimit)
            {
                reason = cpu.Run();
            }
            var hit = cpu.TakeDebugHit();
            if (reason == StopReason.StopRequested && TakeBoardReset?.Invoke() == true && GuestReset(index))
            {
                continue; // the board was reset and this vCPU runs on from the reset vector
            }

            DebugStop? deliver = null;
            lock (_lock)
            {
                _running[index] = false;
                DebugStop? ev = reason == StopReason.Halted ? new DebugStop(DebugStopKind.Halted, index)
                    : hit ?? (action == VcpuAction.Step && reason == StopReason.InstructionLimit ? new DebugStop(DebugStopKind.Step, index) : null);
                if (reason == StopReason.Halted)
                {
                    _halted = true;
                    _stop = ev; // a halt wins over anything else
                }
                else if (ev is not null && _stop is null)
                {
                    _stop = ev;
                }
                if (_stop is not null)
                {
                    PauseRunningLocked();
                }
                if (!_running.Contains(true))
                {
                    if (_stop is not null)
                    {
                        LastStop = _stop;
                        if (!_stopDelivered)
                        {
                            _stopDelivered = true;
                            deliver = _stop;
                        }
                    }
                }
                Monitor.PulseAll(_lock);
            }
            if (deliver is not null)
            {
                Stopped?.Invoke(deliver);
            }
            if (reason == StopReason.Halted)
            {
                return StopReason.Halted;
            }
        }
    }

    /// <summary>
    /// vCPU thread: the guest asked for a board reset (SOFTRES stops every vCPU). Waits until the other
    /// vCPUs have parked, resets the board, and continues every vCPU, unless a debug stop arrived
    /// meanwhile: then the machine stays stopped (at the reset vector) and the stop is reported as usual.
    /// True: this vCPU was given its continue and should loop.
    /// </summary>
    private bool GuestReset(int index)
    {
        lock (_lock)
        {
            while (!_killed && Enumerable.Range(0, _cpus.Length).Any(j => j != index && _running[j]))
            {
                Monitor.Wait(_lock);
            }
            if (_killed)
            {
                return false;
            }
            ResetMachine?.Invoke();
            foreach (var cpu in _cpus)
            {
                cpu.ClearStopRequest(); // SOFTRES asked every vCPU to stop; a parked one never consumed it
            }
            if (_stop is not null)
            {
                return false;
            }
            for (var j = 0; j < _cpus.Length; j++)
            {
                _pending[j] = VcpuAction.Continue;
                _running[j] = true;
            }
            Monitor.PulseAll(_lock);
            return true;
        }
    }

    private void PauseRunningLocked()
    {
        for (var i = 0; i < _cpus.Length; i++)
        {
            if (_running[i])
            {
                _cpus[i].RequestDebugPause();
            }
        }
    }
}
