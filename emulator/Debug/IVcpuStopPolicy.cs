using Emu.Emulator.Cpu;

namespace Emu.Emulator.Debug;

/// <summary>
/// What a debugger adds to <see cref="VcpuRunner"/>, the one loop that runs the vCPU threads: the debug points a
/// vCPU applies before it runs, the single-step flags, and where a completed stop is reported. The runner does
/// the rest the same way with or without a debugger (park every vCPU, board reset, power-off, instruction
/// limit, end of the run); with a policy attached it also stops on debug points, steps, interrupts and guest
/// resets, parks every vCPU (GDB-RSP-MIPS.md §4 all-stop) and waits for the debugger's resume.
/// </summary>
public interface IVcpuStopPolicy
{
    /// <summary>QEMU's single-step flags for a step (RSP s / vCont;s).</summary>
    SingleStepFlags StepFlags { get; }

    /// <summary>
    /// vCPU thread, each time the runner lets the vCPU go (run or step), before it executes: hand it the
    /// debugger's current debug points (<see cref="Mips32Cpu.ApplyDebugPoints"/>).
    /// </summary>
    void PrepareToRun(Mips32Cpu cpu);

    /// <summary>
    /// The machine has stopped after a debugger resume (every vCPU parked), or ended while the debugger waited
    /// for a stop reply (<see cref="DebugStopKind.Halted"/>). Called once per resume, on the vCPU thread that
    /// parked last, without the runner's lock; the handler must not wait for the vCPUs.
    /// </summary>
    void Report(DebugStop stop);
}
