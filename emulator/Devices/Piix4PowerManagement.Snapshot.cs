using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>
/// Snapshot of PIIX4 power management: its configuration space (PMBA, PMREGMISC) and PM1 status/enable/control.
/// Saved as a PCI function by the GT-64120, which owns the function list.
/// </summary>
public sealed partial class Piix4PowerManagement : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        _config.SaveState(writer);
        writer.Write(_status);
        writer.Write(_enable);
        writer.Write(_control);
    }

    public void LoadState(BinaryReader reader)
    {
        _config.LoadState(reader);
        _status = reader.ReadUInt16();
        _enable = reader.ReadUInt16();
        _control = reader.ReadUInt16();
    }
}
