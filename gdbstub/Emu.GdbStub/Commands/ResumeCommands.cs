using Emu.Emulator.Debug;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// c/C/s/S and vCont (GDB "Packets", vCont: the leftmost action matching a thread wins; a thread with
/// no action stays stopped). Stepping is per instruction; a step on a branch stops in its delay slot
/// with the branch kept pending, as QEMU does (GDB-RSP-MIPS.md §6).
/// </summary>
internal sealed class ResumeCommands : IPacketHandler
{
    public IReadOnlyList<string> Prefixes { get; } = ["c", "C", "s", "S", "vCont?", "vCont;"];

    public string? Handle(GdbSession s, string packet)
    {
        if (packet == "vCont?")
        {
            return "vCont;c;C;s;S";
        }
        var count = s.Controller.Targets.Count;
        var actions = new VcpuAction[count];
        if (packet.StartsWith("vCont;", StringComparison.Ordinal))
        {
            var assigned = new bool[count];
            foreach (var part in packet["vCont;".Length..].Split(';'))
            {
                var colon = part.IndexOf(':');
                var verb = colon < 0 ? part : part[..colon];
                var action = verb.Length == 0 ? throw new FormatException("empty vCont action") : verb[0] switch
                {
                    'c' or 'C' => VcpuAction.Continue,
                    's' or 'S' => VcpuAction.Step,
                    _ => throw new FormatException($"unsupported vCont action '{verb}'"),
                };
                var thread = -1;
                if (colon >= 0 && !s.TryParseThread(part[(colon + 1)..], out thread))
                {
                    return "E22";
                }
                for (var i = 0; i < count; i++)
                {
                    if (!assigned[i] && (thread <= 0 || thread == i + 1))
                    {
                        assigned[i] = true;
                        actions[i] = action;
                    }
                }
            }
        }
        else
        {
            // c [addr] / C sig[;addr] / s [addr] / S sig[;addr]: signals are ignored in system mode.
            var step = packet[0] is 's' or 'S';
            var args = packet[1..];
            if (packet[0] is 'C' or 'S')
            {
                var semi = args.IndexOf(';');
                args = semi < 0 ? "" : args[(semi + 1)..];
            }
            var target = step ? (s.ContinueThread > 0 ? s.ContinueThread - 1 : s.GeneralThread) : -1;
            if (args.Length != 0 && s.Controller.AllStopped)
            {
                s.Controller.Targets[target < 0 ? s.GeneralThread : target].Pc = Hex.ParseAddress(args);
            }
            for (var i = 0; i < count; i++)
            {
                actions[i] = step ? (i == target ? VcpuAction.Step : VcpuAction.Stay) : VcpuAction.Continue;
            }
        }
        return s.Resume(actions);
    }
}
