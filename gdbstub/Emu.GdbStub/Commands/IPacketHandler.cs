namespace Emu.GdbStub.Commands;

/// <summary>One RSP packet family (Renode's one-class-per-command layout).</summary>
internal interface IPacketHandler
{
    /// <summary>Packet prefixes this family answers; the dispatcher picks the longest match.</summary>
    IReadOnlyList<string> Prefixes { get; }

    /// <summary>
    /// Answers <paramref name="packet"/> (the whole payload, prefix included). Returns the reply, "" for
    /// "unsupported", or null when the reply comes later (a resume's stop reply).
    /// Throws <see cref="FormatException"/> on malformed arguments (answered E22).
    /// </summary>
    string? Handle(GdbSession session, string packet);
}
