namespace Emu.Emulator.Debug;

/// <summary>Why the machine stopped under the debugger (becomes one RSP stop reply).</summary>
public enum DebugStopKind : byte
{
    /// <summary>A single step finished (SIGTRAP).</summary>
    Step,
    /// <summary>Z0/Z1 hit: PC is the breakpoint address, the instruction has not run (SIGTRAP).</summary>
    Breakpoint,
    /// <summary>Z2-Z4 hit: PC is the load/store, the access has not happened (SIGTRAP).</summary>
    Watchpoint,
    /// <summary>The debugger asked for a stop (Ctrl-C, SIGINT).</summary>
    Interrupt,
    /// <summary>The guest halted the machine (RSP "W00").</summary>
    Halted,
    /// <summary>
    /// A caught guest exception (monitor catch): PC is the exception vector, EPC/Cause/BadVAddr say what
    /// happened (SIGTRAP, with the cause in the stop reply).
    /// </summary>
    Exception,
    /// <summary>
    /// The guest reset the board (Malta SOFTRES: Linux reboot) while the debugger waited: every vCPU is at the
    /// reset vector, the images are written again (SIGPWR, "power fail/restart", preceded by an O line).
    /// </summary>
    Reset,
}

/// <summary>
/// One stop event: which vCPU caused it and, for debug points, which point; for a caught exception its
/// code (<paramref name="Exception"/>) and the PC it was raised at (<paramref name="Address"/>).
/// </summary>
public sealed record DebugStop(DebugStopKind Kind, int VcpuIndex, DebugPointKind PointKind = default, uint Address = 0,
    Emu.Emulator.Cpu.ExcCode Exception = default);
