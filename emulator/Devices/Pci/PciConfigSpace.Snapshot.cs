using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices.Pci;

/// <summary>Snapshot of a configuration header: the 64 dwords (the write masks are fixed by the constructor).</summary>
public partial class PciConfigSpace : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        foreach (var d in _dwords)
        {
            writer.Write(d);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        for (var i = 0; i < _dwords.Length; i++)
        {
            _dwords[i] = reader.ReadUInt32();
        }
    }
}
