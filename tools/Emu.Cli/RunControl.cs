using Emu.Emulator;
using Emu.Emulator.Cpu;

namespace Emu.Cli;

/// <summary>
/// Runs a machine on the calling thread and lets other threads (the console monitor, signal handlers) pause,
/// resume and end it, as QEMU's vm_stop/vm_start do for the monitor's <c>stop</c>/<c>cont</c>: a pause stops
/// every vCPU at its next batch boundary (<see cref="Machine.RequestStop"/>), and the run thread waits outside
/// <see cref="Machine.Run"/> until it is resumed. While paused, nothing runs guest code, so the monitor may read
/// vCPU state.
/// </summary>
public sealed class RunControl(Machine machine)
{
    // Guards every field below; the run thread waits on it while paused, the monitor while a pause takes effect.
    private readonly object _gate = new();
    private bool _pauseRequested;
    private bool _paused;
    private bool _finished;

    /// <summary>Set once the run should end for good (Ctrl-A x, monitor quit, a signal).</summary>
    public bool Ending { get; private set; }

    /// <summary>True while the run thread sits paused by <see cref="Pause"/>.</summary>
    public bool Paused
    {
        get
        {
            lock (_gate)
            {
                return _paused;
            }
        }
    }

    /// <summary>The run loop: <see cref="Machine.Run"/> until it ends for a reason other than a pause.</summary>
    public StopReason Run(long maxInstructions)
    {
        try
        {
            // The instruction limit counts across pauses, as it does across board resets.
            var end = maxInstructions == long.MaxValue ? long.MaxValue : machine.Cpu.InstructionsRetired + maxInstructions;
            while (true)
            {
                var left = end == long.MaxValue ? long.MaxValue : end - machine.Cpu.InstructionsRetired;
                var reason = left <= 0 ? StopReason.InstructionLimit : machine.Run(left);
                lock (_gate)
                {
                    if (reason != StopReason.StopRequested || Ending || !_pauseRequested)
                    {
                        return reason;
                    }
                    _paused = true;
                    Monitor.PulseAll(_gate);
                    while (_pauseRequested && !Ending)
                    {
                        Monitor.Wait(_gate);
                    }
                    _paused = false;
                    Monitor.PulseAll(_gate);
                    if (Ending)
                    {
                        return reason;
                    }
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _finished = true;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the vCPUs and waits until they are out of guest code; false if the run has ended instead.</summary>
    public bool Pause()
    {
        lock (_gate)
        {
            _pauseRequested = true;
            while (!_paused && !_finished && !Ending)
            {
                // Asked again each time: a guest reset that raced the first request may have consumed it.
                machine.RequestStop();
                Monitor.Wait(_gate, 100);
            }
            return _paused;
        }
    }

    /// <summary>Lets a paused run go on, and returns once the run thread has left its pause.</summary>
    public void Resume()
    {
        lock (_gate)
        {
            _pauseRequested = false;
            Monitor.PulseAll(_gate);
            while (_paused && !_finished && !Ending)
            {
                Monitor.Wait(_gate, 100);
            }
        }
    }

    /// <summary>Ends the run (paused or not); the run thread returns StopRequested.</summary>
    public void End()
    {
        lock (_gate)
        {
            Ending = true;
            Monitor.PulseAll(_gate);
        }
        machine.RequestStop();
    }
}
