using Emu.Emulator;
using Emu.Emulator.Cpu;

namespace Emu.Cli;

/// <summary>
/// The console monitor's handle on a run (QEMU's vm_stop/vm_start for the monitor's <c>stop</c>/<c>cont</c>):
/// <see cref="Machine.Run"/> on the calling thread, paused and resumed from other threads through the machine's
/// run loop (<see cref="VcpuRunner.Pause"/>: every vCPU parked at its next batch boundary). While paused, nothing
/// runs guest code, so the monitor may read vCPU state.
/// </summary>
public sealed class RunControl(Machine machine)
{
    // Written by any thread that ends the run; read by the monitor.
    private volatile bool _ending;

    /// <summary>Set once the run should end for good (Ctrl-A x, monitor quit, a signal).</summary>
    public bool Ending => _ending;

    /// <summary>True while the vCPUs sit parked by <see cref="Pause"/>.</summary>
    public bool Paused => machine.Runner.Paused;

    /// <summary>Runs the machine until it ends (the instruction limit counts across pauses and board resets).</summary>
    public StopReason Run(long maxInstructions) => machine.Run(maxInstructions);

    /// <summary>Stops the vCPUs and waits until they are out of guest code; false if the run has ended instead.</summary>
    public bool Pause() => !_ending && machine.Runner.Pause(Timeout.InfiniteTimeSpan);

    /// <summary>Lets a paused run go on.</summary>
    public void Resume() => machine.Runner.Continue();

    /// <summary>Ends the run (paused or not); the run thread returns StopRequested.</summary>
    public void End()
    {
        _ending = true;
        machine.RequestStop();
    }
}
