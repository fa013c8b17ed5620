namespace Emu.GdbStub.Commands;

/// <summary>"?": the last stop reason (T05 at attach).</summary>
internal sealed class HaltReasonCommand : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["?"];

    public string? Handle(GdbSession s, string packet)
    {
        var last = s.Controller.LastStop;
        // At attach the machine was paused for the debugger: report it as SIGTRAP like QEMU does.
        var stop = last.Kind == Emu.Emulator.Debug.DebugStopKind.Interrupt ? last with { Kind = Emu.Emulator.Debug.DebugStopKind.Step } : last;
        return StopReply.Build(s, stop);
    }
}
