using System.Globalization;
using System.Text;
using Emu.GdbStub.Mips;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>g/G (registers 0..71 and 80.. packed, target byte order) and p/P (any register by gdb number).</summary>
internal sealed class RegisterCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["g", "G", "p", "P"];

    public string? Handle(GdbSession s, string packet)
    {
        if (!s.Controller.AllStopped)
        {
            return "E01";
        }
        var t = s.CurrentTarget;
        switch (packet[0])
        {
            case 'g':
                {
                    var sb = new StringBuilder(MipsRegisterMap.GPacketOrder.Length * 8);
                    foreach (var regnum in MipsRegisterMap.GPacketOrder)
                    {
                        sb.Append(Hex.Register(MipsRegisterMap.Read(t, regnum), t.BigEndian));
                    }
                    return sb.ToString();
                }
            case 'G':
                {
                    var data = packet[1..];
                    var count = Math.Min(MipsRegisterMap.GPacketOrder.Length, data.Length / 8);
                    for (var i = 0; i < count; i++)
                    {
                        MipsRegisterMap.Write(t, MipsRegisterMap.GPacketOrder[i], Hex.ParseRegister(data.Substring(i * 8, 8), t.BigEndian));
                    }
                    return "OK";
                }
            case 'p':
                {
                    var n = int.Parse(packet[1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    return MipsRegisterMap.Exists(n) ? Hex.Register(MipsRegisterMap.Read(t, n), t.BigEndian) : "E22";
                }
            default:
                {
                    var eq = packet.IndexOf('=');
                    if (eq < 0)
                    {
                        return "E22";
                    }
                    var n = int.Parse(packet[1..eq], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    if (!MipsRegisterMap.Exists(n))
                    {
                        return "E22";
                    }
                    MipsRegisterMap.Write(t, n, Hex.ParseRegister(packet[(eq + 1)..], t.BigEndian));
                    return "OK";
                }
        }
    }
}
