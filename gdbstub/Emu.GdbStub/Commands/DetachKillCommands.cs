namespace Emu.GdbStub.Commands;

/// <summary>
/// D (detach: drop every debug point, resume the machine, keep serving new debuggers), k and vKill
/// (end the emulator, as QEMU does). The session loop acts on <see cref="GdbSession.End"/>.
/// </summary>
internal sealed class DetachKillCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["D", "k", "vKill"];

    public string? Handle(GdbSession s, string packet)
    {
        if (packet[0] == 'D')
        {
            s.Writer.Send("OK");
            s.End = SessionEnd.Detached;
            return null;
        }
        if (packet.StartsWith("vKill", StringComparison.Ordinal))
        {
            s.Writer.Send("OK");
        }
        s.End = SessionEnd.Killed; // "k" has no reply
        return null;
    }
}
