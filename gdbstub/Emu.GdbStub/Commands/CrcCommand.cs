using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// qCRC:addr,length for gdb's compare-sections: CRC-32 with polynomial 0x04C11DB7, initial value
/// 0xFFFFFFFF, MSB first, no final XOR (the CRC gdb computes on its side; GDB-RSP-MIPS.md §3).
/// </summary>
internal sealed class CrcCommand : IPacketHandler
{
    private static readonly uint[] s_table = BuildTable();

    public IReadOnlyList<string> Prefixes { get; } = ["qCRC:"];

    public string? Handle(GdbSession s, string packet)
    {
        if (!s.Controller.AllStopped)
        {
            return "E01";
        }
        var args = packet["qCRC:".Length..].Split(',');
        if (args.Length != 2)
        {
            return "E22";
        }
        var address = Hex.ParseAddress(args[0]);
        var length = Hex.ParseLength(args[1]);
        var crc = 0xffffffffu;
        var buf = new byte[4096];
        for (var done = 0u; done < length;)
        {
            var n = (int)Math.Min(buf.Length, length - done);
            if (s.CurrentTarget.ReadMemory(address + done, buf.AsSpan(0, n), s.PhysicalMemory) != n)
            {
                return "E14";
            }
            crc = Update(crc, buf.AsSpan(0, n));
            done += (uint)n;
        }
        return $"C{crc:x8}";
    }

    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = (crc << 8) ^ s_table[((crc >> 24) ^ b) & 0xff];
        }
        return crc;
    }

    private static uint[] BuildTable()
    {
        var t = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var c = i << 24;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 0x80000000u) != 0 ? (c << 1) ^ 0x04c11db7u : c << 1;
            }
            t[i] = c;
        }
        return t;
    }
}
