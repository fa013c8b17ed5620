using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;
using Emu.GdbStub.Protocol;

namespace Emu.GdbStub.Commands;

/// <summary>
/// RSP stop replies (GDB "Stop Reply Packets"; GDB-RSP-MIPS.md §4): T05/T02 with the thread, and the
/// reason for debug points: swbreak/hwbreak (only if gdb announced them), watch/rwatch/awatch:ADDR,
/// exc:NAME for an exception caught with monitor catch; T20 (SIGPWR) for a guest reboot; W00 when the machine
/// ends while gdb waits (power-off, -no-reboot, Ctrl-C/SIGTERM to emu), as QEMU's gdb_exit.
/// </summary>
internal static class StopReply
{
    public static string Build(GdbSession s, DebugStop stop)
    {
        if (stop.Kind == DebugStopKind.Halted)
        {
            return "W00";
        }
        var signal = stop.Kind switch
        {
            DebugStopKind.Interrupt => "02",
            DebugStopKind.Exception => CaughtSignal(stop.Exception),
            // SIGPWR ("power fail/restart", gdb/signals.def 32): a reboot, not a trap gdb could take for the end
            // of its own single-step (see CaughtSignal). "handle SIGPWR nostop noprint" lets gdb run on through a
            // reboot, as it does under QEMU, which reports nothing.
            DebugStopKind.Reset => "20",
            _ => "05",
        };
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
            case DebugStopKind.Exception:
                // Not a register number (x is no hex digit), so gdb skips it as unknown optional info
                // (remote.c remote_parse_stop_reply); visible with "set debug remote 1".
                reply += $"exc:{Monitor.CatchCommand.Mnemonic(stop.Exception)};";
                break;
        }
        // Expedite pc (37 = 0x25) so gdb need not fetch it separately.
        var t = s.Controller.Targets[stop.VcpuIndex];
        reply += $"25:{Hex.Register(t.Pc, t.BigEndian)};";
        return reply;
    }

    /// <summary>
    /// The gdb signal (gdb/signals.def numbering) a caught exception is reported with: the class a Unix
    /// kernel would deliver for it (GDB-RSP-MIPS.md §4), never SIGTRAP. gdb reads a SIGTRAP that arrives
    /// while it steps over a breakpoint (software single-step, its default osabi) as the end of that step
    /// and resumes on a "continue", so a T05 would lose the stop; a T04/T0b/... stops and prints
    /// "Program received signal SIGILL". The exc: field names the exact cause.
    /// </summary>
    private static string CaughtSignal(ExcCode code) => code switch
    {
        ExcCode.RI or ExcCode.CpU => "04", // SIGILL
        ExcCode.TlbL or ExcCode.TlbS or ExcCode.Mod => "0b", // SIGSEGV
        ExcCode.AdEL or ExcCode.AdES or ExcCode.Ibe or ExcCode.Dbe => "0a", // SIGBUS
        ExcCode.Ov => "08", // SIGFPE
        ExcCode.Sys => "0c", // SIGSYS
        ExcCode.Int => "02", // SIGINT: an interrupt
        _ => "07", // Bp, Tr: SIGEMT ("emulation trap"), a trap that is not gdb's own
    };
}
