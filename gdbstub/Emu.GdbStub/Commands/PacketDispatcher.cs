namespace Emu.GdbStub.Commands;

/// <summary>
/// Longest-prefix dispatch of packets to their family (so qXfer:features:read: wins over q..., qCRC:
/// over qC). Unknown packets get the empty reply (RSP: "unsupported"); a handler's exception becomes an
/// error reply, never a dead emulator (GDB-RSP-MIPS.md §1: E NN is exactly two hex digits).
/// </summary>
internal sealed class PacketDispatcher
{
    private readonly (string Prefix, IPacketHandler Handler)[] _table;

    public PacketDispatcher(IEnumerable<IPacketHandler> handlers)
    {
        _table = [.. handlers.SelectMany(h => h.Prefixes.Select(p => (p, h))).OrderByDescending(e => e.p.Length)];
    }

    public static PacketDispatcher CreateDefault() => new(
    [
        new SupportedCommand(),
        new HaltReasonCommand(),
        new RegisterCommands(),
        new MemoryCommands(),
        new ResumeCommands(),
        new ReverseCommands(),
        new BreakpointCommands(),
        new ThreadCommands(),
        new XferCommands(),
        new SessionQueries(),
        new CrcCommand(),
        new DetachKillCommands(),
        new QemuCommands(),
        new MonitorCommand(),
    ]);

    public string? Dispatch(GdbSession session, string packet)
    {
        foreach (var (prefix, handler) in _table)
        {
            if (packet.StartsWith(prefix, StringComparison.Ordinal))
            {
                try
                {
                    return handler.Handle(session, packet);
                }
                catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or IndexOutOfRangeException or InvalidOperationException)
                {
                    return "E22"; // EINVAL, as QEMU answers malformed arguments
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A stub bug must not end the session (or the emulator): say so and answer an error.
                    session.Log.WriteLine($"emu: gdb: '{Truncate(packet)}' failed: {e.GetType().Name}: {e.Message}");
                    return "E01";
                }
            }
        }
        return "";
    }

    private static string Truncate(string packet) => packet.Length <= 40 ? packet : packet[..40] + "...";
}
