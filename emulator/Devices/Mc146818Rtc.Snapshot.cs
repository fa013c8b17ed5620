using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>
/// Snapshot of the RTC: CMOS RAM, the index registers, the epoch (wall time at guest cycle 0, as the guest last set
/// it), the frozen time while SET is on, and the update-flag and poll-stall bookkeeping, so time reads after a load
/// are exactly those after the save.
/// </summary>
public sealed partial class Mc146818Rtc : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(_cmos);
        writer.Write(_index);
        writer.Write(_upperIndex);
        writer.Write(_epochSeconds);
        writer.Write(_frozenSeconds);
        writer.Write(_lastFlagsSecond);
        writer.Write(_lastFlagsCycles);
        writer.Write(_flags);
        writer.Write(_polls);
        writer.Write(_lastUip);
    }

    public void LoadState(BinaryReader reader)
    {
        reader.ReadExactly(_cmos);
        _index = reader.ReadInt32();
        _upperIndex = reader.ReadInt32();
        _epochSeconds = reader.ReadInt64();
        _frozenSeconds = reader.ReadInt64();
        _lastFlagsSecond = reader.ReadInt64();
        _lastFlagsCycles = reader.ReadInt64();
        _flags = reader.ReadByte();
        _polls = reader.ReadInt32();
        _lastUip = reader.ReadBoolean();
    }
}
