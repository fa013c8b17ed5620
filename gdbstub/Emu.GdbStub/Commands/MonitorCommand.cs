using Emu.GdbStub.Monitor;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>qRcmd,HEX: gdb's "monitor" command; output goes out as O packets, then OK.</summary>
internal sealed class MonitorCommand : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["qRcmd,"];

    public string? Handle(GdbSession s, string packet)
    {
        var line = Hex.DecodeText(packet["qRcmd,".Length..]).Trim();
        var output = new StringWriter();
        if (!s.Controller.AllStopped)
        {
            output.WriteLine("the machine is running; interrupt it first");
        }
        else
        {
            var context = new MonitorContext(s.Controller, s.CurrentTarget, output);
            s.Monitor.Execute(line, context);
        }
        var text = output.ToString();
        if (text.Length != 0)
        {
            s.SendConsole(text);
        }
        return "OK";
    }
}
