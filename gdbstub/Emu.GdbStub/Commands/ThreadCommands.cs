using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>Threads are vCPUs: H, T, qC, qfThreadInfo/qsThreadInfo, qThreadExtraInfo.</summary>
internal sealed class ThreadCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["H", "T", "qC", "qfThreadInfo", "qsThreadInfo", "qThreadExtraInfo,"];

    public string? Handle(GdbSession s, string packet)
    {
        if (packet.StartsWith("qfThreadInfo", StringComparison.Ordinal))
        {
            return "m" + string.Join(",", Enumerable.Range(0, s.Controller.Targets.Count).Select(s.ThreadId));
        }
        if (packet.StartsWith("qsThreadInfo", StringComparison.Ordinal))
        {
            return "l";
        }
        if (packet.StartsWith("qThreadExtraInfo,", StringComparison.Ordinal))
        {
            if (!s.TryParseThread(packet["qThreadExtraInfo,".Length..], out var t) || t <= 0)
            {
                return "E22";
            }
            var text = s.Controller.AllStopped ? s.Controller.Targets[t - 1].DescribeState() : $"cpu{t - 1} running";
            return Hex.EncodeText(text);
        }
        if (packet.StartsWith("qC", StringComparison.Ordinal))
        {
            return packet == "qC" ? "QC" + s.ThreadId(s.GeneralThread) : "";
        }
        if (packet[0] == 'T')
        {
            return s.TryParseThread(packet[1..], out var t) && t > 0 ? "OK" : "E22";
        }
        // H<op><thread>: g selects the thread for registers/memory, c for resume.
        if (packet.Length < 3 || !s.TryParseThread(packet[2..], out var thread))
        {
            return "E22";
        }
        switch (packet[1])
        {
            case 'g':
                s.GeneralThread = thread > 0 ? thread - 1 : s.GeneralThread;
                return "OK";
            case 'c':
                s.ContinueThread = thread;
                return "OK";
            default:
                return "E22";
        }
    }
}
