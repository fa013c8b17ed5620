using Emu.Emulator.Debug;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// RSP stop replies (GDB "Stop Reply Packets"; GDB-RSP-MIPS.md §4): T05/T02 with the thread, and the
/// reason for debug points: swbreak/hwbreak (only if gdb announced them), watch/rwatch/awatch:ADDR.
/// </summary>
internal static class StopReply
{
    public static string Build(GdbSession s, DebugStop stop)
    {
        if (stop.Kind == DebugStopKind.Halted)
        {
            return "W00";
        }
        var signal = stop.Kind == DebugStopKind.Interrupt ? "02" : "05";
        var reply = $"T{signal}thread:{s.ThreadId(stop.VcpuIndex)};";
        switch (stop.Kind)
        {
            case DebugStopKind.Breakpoint when stop.PointKind == DebugPointKind.HardwareBreakpoint && s.HwBreak:
                reply += "hwbreak:;";
                break;
            case DebugStopKind.Breakpoint when stop.PointKind == DebugPointKind.SoftwareBreakpoint && s.SwBreak:
                reply += "swbreak:;";
                break;
            case DebugStopKind.Watchpoint:
                var name = stop.PointKind switch
                {
                    DebugPointKind.ReadWatch => "rwatch",
                    DebugPointKind.AccessWatch => "awatch",
                    _ => "watch",
                };
                reply += $"{name}:{stop.Address:x};";
                break;
        }
        // Expedite pc (37 = 0x25) so gdb need not fetch it separately.
        var t = s.Controller.Targets[stop.VcpuIndex];
        reply += $"25:{Hex.Register(t.Pc, t.BigEndian)};";
        return reply;
    }
}
