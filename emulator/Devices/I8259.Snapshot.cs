namespace Emu.Emulator.Devices;

/// <summary>Snapshot of one 8259A: IRR/ISR/IMR, input levels, ELCR, the initialization sequence position and the OCW3 modes.</summary>
public sealed partial class I8259
{
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write([_irr, _isr, _imr, _lines, _elcr, _vectorBase]);
        writer.Write(_priorityAdd);
        writer.Write(_icwStep);
        writer.Write(_icw4Needed);
        writer.Write(_levelTriggeredAll);
        writer.Write(_autoEoi);
        writer.Write(_rotateOnAutoEoi);
        writer.Write(_readIsr);
        writer.Write(_poll);
        writer.Write(_specialMask);
    }

    internal void LoadState(BinaryReader reader)
    {
        _irr = reader.ReadByte();
        _isr = reader.ReadByte();
        _imr = reader.ReadByte();
        _lines = reader.ReadByte();
        _elcr = reader.ReadByte();
        _vectorBase = reader.ReadByte();
        _priorityAdd = reader.ReadInt32();
        _icwStep = reader.ReadInt32();
        _icw4Needed = reader.ReadBoolean();
        _levelTriggeredAll = reader.ReadBoolean();
        _autoEoi = reader.ReadBoolean();
        _rotateOnAutoEoi = reader.ReadBoolean();
        _readIsr = reader.ReadBoolean();
        _poll = reader.ReadBoolean();
        _specialMask = reader.ReadBoolean();
    }
}
