using Emu.Emulator.Debug;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// bs and bc (GDB "Packets": reverse step, reverse continue; advertised as ReverseStep+/ReverseContinue+ only when
/// the machine records a history, <c>--snapshot-every</c>). The reply is a stop reply like a forward one's; when
/// history runs out gdb is told with <c>replaylog:begin</c> (it then prints "No more reverse-execution history").
/// Runs on the session's reverse thread while every vCPU is stopped (Emulator/Snapshot/ReverseExecution.cs), so that
/// gdb's Ctrl-C (0x03) stops a long search: the reply is then T02 (SIGINT) where the replay had got to, as a forward
/// interrupt's. The reply sent is the one "?" repeats (the reverse execution records it as the last stop).
/// </summary>
internal sealed class ReverseCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["bs", "bc"];

    public string? Handle(GdbSession s, string packet)
    {
        if (s.Reverse is not { } reverse || packet.Length != 2)
        {
            return ""; // unsupported without a history: gdb says "Target does not support this operation"
        }
        if (!s.Controller.AllStopped)
        {
            return "E16";
        }
        // bs steps the thread a forward step would (ResumeCommands: Hc, else Hg); gdb sends Hc-1 or Hc<thread> first.
        var step = packet == "bs";
        var vcpu = s.ContinueThread > 0 ? s.ContinueThread - 1 : s.GeneralThread;
        s.StartReverse(interrupt => Reply(s, step ? reverse.StepBack(vcpu, interrupt) : reverse.ContinueBack(interrupt)));
        return null;
    }

    private static string Reply(GdbSession s, ReverseResult result)
    {
        if (result.Error is { } error)
        {
            s.SendConsole($"emu: {error}\n");
        }
        var stop = result.Stop;
        s.GeneralThread = stop.VcpuIndex;
        if (result.BeginningOfHistory)
        {
            var t = s.Controller.Targets[stop.VcpuIndex];
            return $"T05thread:{s.ThreadId(stop.VcpuIndex)};replaylog:begin;25:{Hex.Register(t.Pc, t.BigEndian)};";
        }
        return StopReply.Build(s, stop);
    }
}
