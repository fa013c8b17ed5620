namespace Emu.Emulator.Debug;

/// <summary>
/// The debugger's look at the translator's cache (the gdb stub's `monitor jit`): per vCPU, what was compiled and
/// dropped, how the retired instructions split between regions and the interpreter, and the regions that ran most.
/// Called on the debugger's thread while the vCPUs are stopped (all-stop): the engine's fields are written by its vCPU
/// thread only, and a stopped vCPU writes nothing. Implemented by <see cref="JitInspector"/>.
/// </summary>
public interface IJitInspector
{
    /// <summary>One view per vCPU that runs the translator, with its <paramref name="hottest"/> busiest regions.</summary>
    IReadOnlyList<JitVcpuView> Read(int hottest);
}

/// <summary>A compiled region: the PC it was compiled for, its instructions and entries, and what retired in it.</summary>
public sealed record JitRegionView(uint Pc, int Instructions, int Entries, long InstructionsRun);

/// <summary>
/// One vCPU's translator statistics (JitStats) and its busiest live regions, busiest first. <c>Chains</c>: region exits
/// that jumped straight into the next region instead of returning to the dispatcher.
/// </summary>
public sealed record JitVcpuView(
    int Vcpu,
    int RegionsAlive,
    long RegionsCompiled,
    long RegionsInvalidated,
    long Bailouts,
    long Chains,
    long InstructionsInRegions,
    long InstructionsInterpreted,
    double CompileMs,
    IReadOnlyList<JitRegionView> Hottest);
