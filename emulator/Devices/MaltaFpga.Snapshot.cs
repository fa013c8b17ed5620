using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Devices;

/// <summary>Snapshot of the FPGA registers: ASCII display, LEDs, BRKRES, GPOUT (the CBUS UART behind it saves itself).</summary>
public sealed partial class MaltaFpga : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(new string(_display));
        writer.Write(_leds);
        writer.Write(_asciiWord);
        writer.Write(_brkres);
        writer.Write(_gpout);
    }

    public void LoadState(BinaryReader reader)
    {
        _display = reader.ReadString().ToCharArray();
        _leds = reader.ReadUInt32();
        _asciiWord = reader.ReadUInt32();
        _brkres = reader.ReadUInt32();
        _gpout = reader.ReadUInt32();
    }
}
