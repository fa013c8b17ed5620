using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// SIGTERM during a run: instead of the runtime's default (exit at once, no cleanup), it asks the run to stop,
/// so the terminal is restored, the machine (frames, the unnamed swap file) is disposed and emu exits with
/// 143 = 128 + SIGTERM, the status a shell reports for a process SIGTERM ended (QEMU exits 0 after
/// "terminating on signal 15"; 143 keeps the cause visible to scripts). Outside a run (option parsing, a
/// bench) nothing listens and the runtime's default applies, which also exits with 143.
/// </summary>
public sealed class TerminationSignal : IDisposable
{
    private readonly PosixSignalRegistration? _registration;
    // Written by the signal thread, read by the run's thread; the stop action may be swapped in later.
    private volatile bool _received;
    private volatile Action? _stop;

    private TerminationSignal(Action? stop)
    {
        _stop = stop;
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true; // no default termination: the run ends through stop
            _received = true;
            _stop?.Invoke();
        });
    }

    /// <summary>True once SIGTERM arrived.</summary>
    public bool Received => _received;

    /// <summary>Listens from now on; <paramref name="stop"/> (which may come later, <see cref="OnReceived"/>) ends the run.</summary>
    public static TerminationSignal Listen(Action? stop = null) => new(stop);

    /// <summary>Sets what stops the run; runs it at once if SIGTERM already came.</summary>
    public void OnReceived(Action stop)
    {
        _stop = stop;
        if (_received)
        {
            stop();
        }
    }

    public void Dispose() => _registration?.Dispose();
}
