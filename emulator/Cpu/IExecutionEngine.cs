namespace Emu.Emulator.Cpu;

/// <summary>
/// What runs guest instructions for a vCPU between two batch boundaries (the KVM_RUN inner loop's "enter guest"
/// step): <see cref="Mips32Cpu"/>'s run loop calls <see cref="Run"/> once per batch, never per instruction, and
/// handles interrupts, timers, flush requests and stops between calls. The interpreter is engine 0 and the
/// fallback of every other engine (emulator/Jit).
/// </summary>
public interface IExecutionEngine
{
    /// <summary>
    /// Runs at most <paramref name="budget"/> instructions from the vCPU's PC/NextPc/delay-slot state and returns how
    /// many retired. It returns early exactly where the interpreter would (an exception was taken, an MMIO access, a
    /// mode-changing instruction, a debugger stop), so batches end on the same instructions whatever the engine.
    /// </summary>
    int Run(int budget);
}
