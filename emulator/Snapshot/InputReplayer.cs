using Emu.Emulator.Cpu;
using Emu.Emulator.Devices;
using Emu.Tracing;

namespace Emu.Emulator.Snapshot;

/// <summary>
/// <c>--replay</c>: delivers a recording's console input to the UART at exactly the recorded
/// <see cref="GuestPosition"/>s (vCPU 0's guest-time hook is armed at each event's instruction count, and delivers
/// when cycles and exceptions match too). Host input is not delivered during a replay. A position passed without
/// its event is a divergence: reported once (ReplayDivergence event, <see cref="Divergence"/>), and the bytes are
/// delivered late rather than lost.
/// </summary>
/// <remarks>vCPU 0's thread only (or while the machine is stopped).</remarks>
public sealed class InputReplayer(RecordingFile recording, Uart16550 uart) : IBoundaryHook
{
    private int _next;

    public string? Divergence { get; private set; }

    public int EventsReplayed => _next;

    public int EventsTotal => recording.Inputs.Count;

    /// <summary>Where the first event is due (to arm the hook before the run).</summary>
    public long FirstAt => recording.Inputs.Count == 0 ? long.MaxValue : recording.Inputs[0].At.Instructions;

    /// <summary>
    /// Guest time moved (a snapshot was loaded: reverse execution, snapshot load): the next input is the first recorded
    /// at or after <paramref name="position"/>; bytes from before it are in the loaded UART's FIFO or already read. A
    /// snapshot is taken before input is delivered at the same boundary (AutoSnapshotHook runs first), so an event
    /// exactly at the position is still to come.
    /// </summary>
    public void Seek(GuestPosition position)
    {
        _next = recording.Inputs.FindIndex(e => e.At.CompareTo(position) >= 0);
        if (_next < 0)
        {
            _next = recording.Inputs.Count;
        }
    }

    public long AtBoundary(Mips32Cpu cpu)
    {
        var now = GuestPosition.Of(cpu);
        while (_next < recording.Inputs.Count)
        {
            var e = recording.Inputs[_next];
            var order = now.CompareTo(e.At);
            if (order < 0)
            {
                return e.At.Instructions;
            }
            if (order > 0 && Divergence is null)
            {
                Divergence = $"input recorded at {e.At} arrived at {now}";
                EmuKvmTrace.ReplayDivergence(now.Instructions, e.At.Instructions, Divergence);
            }
            uart.EnqueueInput(e.Bytes);
            _next++;
        }
        return long.MaxValue;
    }
}
