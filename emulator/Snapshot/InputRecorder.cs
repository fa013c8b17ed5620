using System.Collections.Concurrent;
using Emu.Emulator.Cpu;
using Emu.Emulator.Devices;

namespace Emu.Emulator.Snapshot;

/// <summary>
/// <c>--record</c>: console input reaches the UART only at an instruction boundary of vCPU 0 (its guest-time hook),
/// never in the middle of a batch from the input thread, and each delivery is written with its
/// <see cref="GuestPosition"/>, so a replay can deliver the same bytes at the same point.
/// </summary>
/// <remarks>
/// <see cref="Deliver"/>: any thread (the console input thread). <see cref="AtBoundary"/>: vCPU 0's thread. The
/// writer is used only by the vCPU thread (and by <see cref="Finish"/> once the run has ended).
/// </remarks>
public sealed class InputRecorder(Machine machine, Uart16550 uart, TextWriter writer) : IBoundaryHook
{
    private readonly ConcurrentQueue<byte[]> _pending = new();

    public long EventsRecorded { get; private set; }

    /// <summary>Bytes typed on the host: delivered to the guest at vCPU 0's next boundary.</summary>
    public void Deliver(byte[] bytes)
    {
        _pending.Enqueue(bytes);
        machine.Cpu.PokeBoundary();
    }

    public long AtBoundary(Mips32Cpu cpu)
    {
        while (_pending.TryDequeue(out var bytes))
        {
            var e = new InputEvent(GuestPosition.Of(cpu), bytes);
            writer.Write(RecordingFile.InputLine(e));
            uart.EnqueueInput(bytes);
            EventsRecorded++;
        }
        writer.Flush();
        return long.MaxValue;
    }

    /// <summary>The run ended (every vCPU stopped): the final position, state hash, and whether the guest powered off.</summary>
    public void Finish(bool halted = false)
    {
        writer.Write(RecordingFile.EndLine(machine.Cpu.InstructionsRetired, machine.StateHash(), halted));
        writer.Flush();
    }
}
