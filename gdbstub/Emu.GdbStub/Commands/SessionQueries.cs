namespace Emu.GdbStub.Commands;

/// <summary>
/// Small queries of the connection handshake (GDB-RSP-MIPS.md §2): qAttached = 1 (so gdb detaches
/// rather than kills at the end of a batch run), qOffsets (no relocation), qSymbol (no symbols
/// wanted), qTStatus (no tracepoints: empty).
/// </summary>
internal sealed class SessionQueries : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["qAttached", "qOffsets", "qSymbol:", "qTStatus"];

    public string? Handle(GdbSession s, string packet) => packet switch
    {
        _ when packet.StartsWith("qAttached", StringComparison.Ordinal) => "1",
        "qOffsets" => "Text=0;Data=0;Bss=0",
        _ when packet.StartsWith("qSymbol:", StringComparison.Ordinal) => "OK",
        _ => "",
    };
}
