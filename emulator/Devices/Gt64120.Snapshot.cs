using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>
/// Snapshot of the GT-64120: its register file and the configuration space of every PCI function behind it that has
/// state (in device/function order, which the board fixes when it wires them).
/// </summary>
public sealed partial class Gt64120 : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        foreach (var r in _regs)
        {
            writer.Write(r);
        }
        foreach (var (_, function) in _functions.OrderBy(f => f.Key))
        {
            if (function is ISnapshotState s)
            {
                s.SaveState(writer);
            }
        }
    }

    public void LoadState(BinaryReader reader)
    {
        for (var i = 0; i < _regs.Length; i++)
        {
            _regs[i] = reader.ReadUInt32();
        }
        foreach (var (_, function) in _functions.OrderBy(f => f.Key))
        {
            if (function is ISnapshotState s)
            {
                s.LoadState(reader);
            }
        }
    }
}
