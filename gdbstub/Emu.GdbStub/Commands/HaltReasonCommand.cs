using Emu.Emulator.Debug;

namespace Emu.GdbStub.Commands;

/// <summary>"?": the last stop reason (T05 at attach).</summary>
internal sealed class HaltReasonCommand : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["?"];

    public string? Handle(GdbSession s, string packet)
    {
        var last = s.Controller.LastStop;
        // At attach the machine was paused for the debugger: report it as SIGTRAP like QEMU does.
        var stop = last.Kind == DebugStopKind.Interrupt ? last with { Kind = DebugStopKind.Step } : last;
        return StopReply.Build(s, stop);
    }
}
