namespace Emu.Emulator.Jit;

/// <summary>
/// Settings of the region translator. <see cref="Threshold"/>: how many times a block start must be dispatched
/// before a region is compiled from it (a long piece interpreted from it counts more: JitEngine.AddPieceHeat). A
/// region costs 1–3 ms of RyuJIT time (about 1 ms whatever its size, plus ~25 µs per guest instruction), so only code
/// that runs many times repays it. Measured on Debian's boot to the shell prompt (4.5e9 instructions; CPU s with
/// `--clock insns`, compiling on the vCPU thread / wall s to the prompt with the default background compile):
/// 2048 → 10.8 / 5.5, 8192 → 9.7 / 5.2, 16384 → – / 5.1–5.5, 32768 → 10.2 / –; `emu bench` is the same at 2048 and
/// 8192. Measured again with the profile rules (regions of code that has run, piece heat), CPU s under `--clock
/// insns`: 2048 → 9.2, 4096 → 8.6–8.9, 8192 → 8.1–8.3, 16384 → 7.9–8.1.
/// </summary>
public sealed record JitOptions
{
    public const int DefaultThreshold = 8192;

    /// <summary>
    /// Longest region in guest instructions. Measured (emu bench, CPU seconds, int/memcpy/call): 512 → 0.53/0.38/0.76 s,
    /// 128 → 0.26–0.31/0.35–0.38/0.72 s, 64 → about as 128. A region holding a whole page of cold code around a hot
    /// loop makes RyuJIT spill the loop's guest registers to the stack. Since regions take in only code that has run
    /// (RegionPlan.Build), 512 is no longer slower on int and call, but still on memcpy (whole process 0.21–0.24 s
    /// against 0.19–0.21), and the Debian boot's CPU time is the same at both.
    /// </summary>
    public const int DefaultMaxRegionInstructions = 128;

    public int Threshold { get; init; } = DefaultThreshold;

    public int MaxRegionInstructions { get; init; } = DefaultMaxRegionInstructions;

    /// <summary>
    /// Emit and compile regions on the <see cref="RegionCompileWorker"/> while the vCPU interprets, instead of on the vCPU
    /// thread. Guest results are the same either way; which regions exist when (the `jit` line of `--stats`) then
    /// depends on the host. Null: the machine decides by its clock (background under the host clock only, so that
    /// everything `--stats` prints under the instruction clock stays reproducible). A JitEngine made directly treats
    /// null as false.
    /// </summary>
    public bool? CompileInBackground { get; init; }

    /// <summary>
    /// Tests only: regions planned at a PC for which this returns true fail to compile (as a translator bug would), to
    /// show that the guest then runs on in the interpreter.
    /// </summary>
    internal Func<uint, bool>? FailCompileForTest { get; init; }

    /// <summary>False where the runtime cannot generate code (Native AOT): the interpreter runs alone there.</summary>
    public static bool Supported => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled;
}
