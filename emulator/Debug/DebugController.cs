using Emu.Emulator.Cpu;

namespace Emu.Emulator.Debug;

/// <summary>
/// The debugger's side of running the machine: breakpoints, watchpoints and caught exceptions, single-step
/// flags, and all-stop execution control (GDB-RSP-MIPS.md §4: one stop reply per resume, every vCPU stopped
/// when it is sent). It plugs into the machine's one run loop (<see cref="VcpuRunner"/>) as its
/// <see cref="IVcpuStopPolicy"/>; the runner owns the vCPU threads, parks them and decides what a stop,
/// a guest reset or a power-off does.
/// </summary>
/// <remarks>
/// Threads: the stub thread calls <see cref="Resume"/>, <see cref="Interrupt"/>, <see cref="PauseAll"/> and the
/// point methods; the runner's vCPU threads call the policy members. New debug points are handed over as an
/// immutable snapshot that each vCPU applies on its own thread before it runs again
/// (<see cref="IVcpuStopPolicy.PrepareToRun"/>).
/// <see cref="_lock"/> guards <see cref="_points"/>.
/// </remarks>
public sealed class DebugController : IVcpuStopPolicy
{
    private readonly VcpuRunner _runner;
    private readonly object _lock = new();
    private DebugPoints _points = DebugPoints.Empty;
    private volatile SingleStepFlags _stepFlags = SingleStepFlags.Default;

    /// <summary>Attaches to <paramref name="runner"/>; with <paramref name="startHalted"/> (gdb -S) the vCPUs wait for a resume.</summary>
    public DebugController(VcpuRunner runner, bool startHalted)
    {
        _runner = runner;
        runner.Attach(this, startHalted);
    }

    /// <summary>
    /// Raised on a vCPU thread once the whole machine has stopped after a resume, or ended while a resume waited
    /// (<see cref="DebugStopKind.Halted"/>). The handler must not block on the vCPUs.
    /// </summary>
    public event Action<DebugStop>? Stopped;

    public IReadOnlyList<ICpuDebugTarget> Targets => _runner.Cpus;

    /// <summary>The reason of the last completed stop (RSP "?").</summary>
    public DebugStop LastStop => _runner.LastStop;

    public SingleStepFlags StepFlags
    {
        get => _stepFlags;
        set => _stepFlags = value;
    }

    /// <summary>The machine's run is over (powered off or ended): a resume is answered "exited" (RSP W00).</summary>
    public bool Halted => _runner.Over;

    public bool AllStopped => _runner.AllParked;

    public DebugPoints Points
    {
        get { lock (_lock) { return _points; } }
    }

    /// <summary>
    /// monitor system_reset: resets the board (vCPUs stay stopped, now at the reset vector) and records
    /// the stop there, so "?" reports it. False when the machine is not stopped or has ended.
    /// </summary>
    public bool ResetBoard() => _runner.ResetWhileParked();

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
    public void Resume(IReadOnlyList<VcpuAction> actions) => _runner.Resume(actions, reportStop: true);

    /// <summary>The debugger left (RSP D): every vCPU runs on and nobody waits for a stop (QEMU resumes on D).</summary>
    public void Release() => _runner.Continue();

    /// <summary>Ctrl-C: stop everything; the stop is reported as <see cref="DebugStopKind.Interrupt"/>.</summary>
    public void Interrupt() => _runner.Interrupt();

    /// <summary>
    /// Stops every vCPU and waits until all are parked (debugger attach; QEMU stops the VM when gdb
    /// connects). The resulting stop is recorded but not delivered through <see cref="Stopped"/>.
    /// </summary>
    public bool PauseAll(TimeSpan timeout) => _runner.Pause(timeout);

    /// <summary>Ends the run (RSP "k"): the machine's run loop returns.</summary>
    public void Kill() => _runner.End();

    SingleStepFlags IVcpuStopPolicy.StepFlags => _stepFlags;

    /// <summary>vCPU thread: take the current debug points before running.</summary>
    void IVcpuStopPolicy.PrepareToRun(Mips32Cpu cpu) => cpu.ApplyDebugPoints(Points);

    void IVcpuStopPolicy.Report(DebugStop stop) => Stopped?.Invoke(stop);
}
