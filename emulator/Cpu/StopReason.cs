namespace Emu.Emulator.Cpu;

/// <summary>Why <see cref="Mips32Cpu.Run"/> returned.</summary>
public enum StopReason
{
    /// <summary>The guest asked the board to halt (Malta SOFTRES, ...).</summary>
    Halted,
    /// <summary>The instruction budget given to Run was used up.</summary>
    InstructionLimit,
    /// <summary>
    /// Another thread called <see cref="Mips32Cpu.RequestStop"/>: the run loop (<see cref="VcpuRunner"/>) parks the
    /// vCPU for the end of the run, a pause, a board reset or a debugger's stop.
    /// </summary>
    StopRequested,
    /// <summary>
    /// A bounded run found the vCPU in WAIT with no CP0 timer match able to end it. Guest time is
    /// instruction-driven, so no instruction budget would ever be used up: returning keeps callers
    /// with a limit (tests, <c>--max-insns</c>) from waiting forever on an interrupt nothing raises.
    /// Unbounded runs keep sleeping until a device line, a stop request or the debugger wakes them.
    /// </summary>
    WaitingForInterrupt,
    /// <summary>A debug point stopped the vCPU: breakpoint, watchpoint or caught exception (see Debug/DebugController).</summary>
    Debug,
}

/// <summary>
/// The trace vocabulary's name for a stop (Emu.Tracing.VcpuStopReason): mapped by name, not by number, because the
/// two enums differ (the trace one also has Mmio and InternalError; a cast once traced every debugger stop as MMIO).
/// </summary>
public static class StopReasonTrace
{
    public static Emu.Tracing.VcpuStopReason ToTrace(this StopReason reason) => reason switch
    {
        StopReason.Halted => Emu.Tracing.VcpuStopReason.Halted,
        StopReason.InstructionLimit => Emu.Tracing.VcpuStopReason.InstructionLimit,
        StopReason.StopRequested => Emu.Tracing.VcpuStopReason.StopRequested,
        StopReason.WaitingForInterrupt => Emu.Tracing.VcpuStopReason.WaitingForInterrupt,
        StopReason.Debug => Emu.Tracing.VcpuStopReason.Debug,
        _ => Emu.Tracing.VcpuStopReason.InternalError,
    };
}
