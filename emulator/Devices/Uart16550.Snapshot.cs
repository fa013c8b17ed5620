using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>Snapshot of the 16550: registers, the pending THRE interrupt and the receive FIFO (bytes typed but not yet read).</summary>
public sealed partial class Uart16550 : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        lock (_gate)
        {
            writer.Write([_ier, _lcr, _mcr, _scr, _fcr, _dll, _dlm]);
            writer.Write(_thrInterruptPending);
            writer.Write(_rx.Count);
            for (var i = 0; i < _rx.Count; i++)
            {
                writer.Write(_rx.Peek(i));
            }
        }
    }

    public void LoadState(BinaryReader reader)
    {
        lock (_gate)
        {
            _ier = reader.ReadByte();
            _lcr = reader.ReadByte();
            _mcr = reader.ReadByte();
            _scr = reader.ReadByte();
            _fcr = reader.ReadByte();
            _dll = reader.ReadByte();
            _dlm = reader.ReadByte();
            _thrInterruptPending = reader.ReadBoolean();
            _rx.Clear();
            var n = reader.ReadInt32();
            for (var i = 0; i < n; i++)
            {
                _rx.TryEnqueue(reader.ReadByte());
            }
        }
        // The interrupt level is not re-announced: the PIC's input latch is restored with the PIC (MaltaBoard.Snapshot.cs).
    }
}
