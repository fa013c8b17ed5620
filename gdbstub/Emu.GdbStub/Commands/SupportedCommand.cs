namespace Emu.GdbStub.Commands;

/// <summary>
/// qSupported and QStartNoAckMode (GDB "General Query Packets"). The reply does not depend on gdb's
/// list, but swbreak+/hwbreak+/multiprocess+ from gdb decide the stop-reply and thread-id forms.
/// </summary>
internal sealed class SupportedCommand : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["qSupported", "QStartNoAckMode"];

    public string? Handle(GdbSession s, string packet)
    {
        if (packet.StartsWith("QStartNoAckMode", StringComparison.Ordinal))
        {
            // Replied in ack mode ('+' already sent); gdb acks this OK once more, then silence.
            s.Writer.Send("OK");
            s.NoAck = true;
            return null;
        }
        var features = packet.Length > "qSupported:".Length ? packet["qSupported:".Length..].Split(';') : [];
        s.Multiprocess = features.Contains("multiprocess+");
        s.SwBreak = features.Contains("swbreak+");
        s.HwBreak = features.Contains("hwbreak+");
        return $"PacketSize={GdbSession.PacketSize:x};QStartNoAckMode+;qXfer:features:read+;qXfer:threads:read+;" +
               "swbreak+;hwbreak+;vContSupported+;multiprocess+;qRelocInsn-" +
               (s.Reverse is null ? "" : ";ReverseStep+;ReverseContinue+");
    }
}
