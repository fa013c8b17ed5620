using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>
/// Snapshot of the cascaded PICs. The output level to the CPU is restored as saved, without calling the CPU: the
/// vCPU's interrupt lines are part of its own snapshot.
/// </summary>
public sealed partial class I8259Pair : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        lock (_gate)
        {
            Master.SaveState(writer);
            Slave.SaveState(writer);
            writer.Write(_lastOutput);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        lock (_gate)
        {
            Master.LoadState(reader);
            Slave.LoadState(reader);
            _lastOutput = reader.ReadBoolean();
        }
    }
}
