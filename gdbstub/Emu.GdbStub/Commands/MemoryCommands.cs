using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// m (read), M (hex write), X (binary write). Addresses are virtual through the selected vCPU's current
/// mapping, or physical in Qqemu.PhyMemMode; an unmapped start answers E14 (EFAULT, like QEMU) and a
/// partial read returns what was readable. Writes invalidate decoded code in every vCPU.
/// </summary>
internal sealed class MemoryCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["m", "M", "X"];

    public string? Handle(GdbSession s, string packet)
    {
        if (!s.Controller.AllStopped)
        {
            return "E01";
        }
        var t = s.CurrentTarget;
        var colon = packet.IndexOf(':');
        var head = colon < 0 ? packet[1..] : packet[1..colon];
        var comma = head.IndexOf(',');
        if (comma < 0)
        {
            return "E22";
        }
        var address = Hex.ParseAddress(head[..comma]);
        var length = Hex.ParseLength(head[(comma + 1)..]);
        switch (packet[0])
        {
            case 'm':
                {
                    // Reply must fit the packet size: 2 hex digits per byte.
                    var n = (int)Math.Min(length, (GdbSession.PacketSize - 4) / 2);
                    var buf = new byte[n];
                    var read = t.ReadMemory(address, buf, s.PhysicalMemory);
                    return read == 0 && n > 0 ? "E14" : Hex.Encode(buf.AsSpan(0, read));
                }
            default:
                {
                    if (colon < 0)
                    {
                        return "E22";
                    }
                    var payload = packet[(colon + 1)..];
                    byte[] data = packet[0] == 'M' ? Hex.ParseBytes(payload) : System.Text.Encoding.Latin1.GetBytes(payload);
                    if (data.Length != length)
                    {
                        return "E22";
                    }
                    if (length == 0)
                    {
                        return "OK"; // gdb probes X support with "Xaddr,0:"
                    }
                    // WriteMemory goes through kvm_write_guest, whose invalidation hub drops every vCPU's decode.
                    var written = t.WriteMemory(address, data, s.PhysicalMemory);
                    return written == data.Length ? "OK" : "E14";
                }
        }
    }
}
