using System.Security;
using System.Text;
using Emu.GdbStub.Mips;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// qXfer:features:read (target.xml) and qXfer:threads:read (one thread per vCPU, with names).
/// Reply "m"+chunk while more remains, "l"+chunk for the last part; unknown annex E00 (GDB "qXfer").
/// Binary-unsafe characters are escaped by <see cref="RspWriter"/>.
/// </summary>
internal sealed class XferCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["qXfer:features:read:", "qXfer:threads:read:"];

    public string? Handle(GdbSession s, string packet)
    {
        string document;
        string rest;
        if (packet.StartsWith("qXfer:features:read:", StringComparison.Ordinal))
        {
            rest = packet["qXfer:features:read:".Length..];
            var colon = rest.IndexOf(':');
            if (colon < 0)
            {
                return "E22";
            }
            if (rest[..colon] != "target.xml")
            {
                return "E00";
            }
            document = TargetDescription.Xml;
            rest = rest[(colon + 1)..];
        }
        else
        {
            rest = packet["qXfer:threads:read:".Length..];
            var colon = rest.IndexOf(':');
            if (colon < 0)
            {
                return "E22";
            }
            document = ThreadsXml(s);
            rest = rest[(colon + 1)..];
        }
        var comma = rest.IndexOf(',');
        if (comma < 0)
        {
            return "E22";
        }
        var offset = Hex.ParseLength(rest[..comma]);
        var length = (int)Math.Min(Hex.ParseLength(rest[(comma + 1)..]), (GdbSession.PacketSize / 2) - 8);
        var bytes = Encoding.UTF8.GetBytes(document);
        if (offset >= bytes.Length)
        {
            return "l";
        }
        var n = Math.Min(length, bytes.Length - (int)offset);
        var chunk = Encoding.Latin1.GetString(bytes, (int)offset, n);
        return (offset + n < bytes.Length ? "m" : "l") + chunk;
    }

    private static string ThreadsXml(GdbSession s)
    {
        var x = new StringBuilder("<?xml version=\"1.0\"?>\n<threads>\n");
        var stopped = s.Controller.AllStopped;
        for (var i = 0; i < s.Controller.Targets.Count; i++)
        {
            var text = stopped ? s.Controller.Targets[i].DescribeState() : $"cpu{i} running";
            x.Append($"<thread id=\"{s.ThreadId(i)}\" core=\"{i}\" name=\"cpu{i}\">{SecurityElement.Escape(text)}</thread>\n");
        }
        return x.Append("</threads>\n").ToString();
    }
}
