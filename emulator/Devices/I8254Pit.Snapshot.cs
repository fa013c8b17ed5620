using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>Snapshot of the PIT: each channel's programming, load time (in input ticks of guest time) and latches.</summary>
public sealed partial class I8254Pit : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        foreach (var c in _channels)
        {
            writer.Write(c.Mode);
            writer.Write(c.Access);
            writer.Write(c.Bcd);
            writer.Write(c.Reload);
            writer.Write(c.LoadTick);
            writer.Write(c.Counting);
            writer.Write(c.WriteMsbNext);
            writer.Write(c.ReadMsbNext);
            writer.Write(c.PendingLsb);
            writer.Write(c.Latched.HasValue);
            writer.Write(c.Latched ?? 0);
            writer.Write(c.LatchedStatus.HasValue);
            writer.Write(c.LatchedStatus ?? 0);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        var channels = new Channel[3];
        for (var i = 0; i < channels.Length; i++)
        {
            var c = new Channel
            {
                Mode = reader.ReadInt32(),
                Access = reader.ReadInt32(),
                Bcd = reader.ReadBoolean(),
                Reload = reader.ReadUInt32(),
                LoadTick = reader.ReadInt64(),
                Counting = reader.ReadBoolean(),
                WriteMsbNext = reader.ReadBoolean(),
                ReadMsbNext = reader.ReadBoolean(),
                PendingLsb = reader.ReadByte(),
            };
            var hasLatch = reader.ReadBoolean();
            var latch = reader.ReadUInt16();
            c.Latched = hasLatch ? latch : null;
            var hasStatus = reader.ReadBoolean();
            var status = reader.ReadByte();
            c.LatchedStatus = hasStatus ? status : null;
            channels[i] = c;
        }
        _channels = channels;
    }
}
