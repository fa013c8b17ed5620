namespace Emu.Emulator.Cp0.Tlb;

/// <summary>Snapshot of the joint TLB: every entry as stored (a load writes the fields back without TLBWI's masking).</summary>
public sealed partial class Tlb
{
    internal void SaveState(BinaryWriter writer)
    {
        writer.Write(_entries.Length);
        foreach (var e in _entries)
        {
            writer.Write(e.Vpn2);
            writer.Write(e.PageMask);
            writer.Write(e.Asid);
            writer.Write(e.Global);
            writer.Write(e.Lo0);
            writer.Write(e.Lo1);
        }
    }

    internal void LoadState(BinaryReader reader)
    {
        if (reader.ReadInt32() != _entries.Length)
        {
            throw new InvalidDataException("the snapshot's TLB has another size than this vCPU's");
        }
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i] = new TlbEntry
            {
                Vpn2 = reader.ReadUInt32(),
                PageMask = reader.ReadUInt32(),
                Asid = reader.ReadByte(),
                Global = reader.ReadBoolean(),
                Lo0 = reader.ReadUInt32(),
                Lo1 = reader.ReadUInt32(),
            };
        }
    }
}
