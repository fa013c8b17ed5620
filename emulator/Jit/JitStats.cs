namespace Emu.Emulator.Jit;

/// <summary>
/// What the translator did for one vCPU (vCPU thread writes; read after the run). Everything but
/// <see cref="CompileTicks"/> is determined by the guest and the threshold, so `--stats` may print it under
/// `--clock insns`; compile time is host time and goes to tracing only.
/// </summary>
public sealed class JitStats
{
    public long RegionsCompiled { get; internal set; }
    public long RegionsInvalidated { get; internal set; }
    /// <summary>Guest instructions the regions compiled so far hold.</summary>
    public long InstructionsCompiled { get; internal set; }
    public long InstructionsInRegions { get; internal set; }
    public long InstructionsInterpreted { get; internal set; }
    /// <summary>Region exits before an instruction the interpreter had to run (miss, fault, untranslated, budget).</summary>
    public long Bailouts { get; internal set; }
    /// <summary>Region exits that went straight to the next region (a chain slot hit) instead of to the dispatcher.</summary>
    public long Chains { get; internal set; }
    /// <summary>Regions whose emission or compilation threw: their code is interpreted instead (0 unless the translator has a bug).</summary>
    public long CompileFailures { get; internal set; }
    /// <summary>Host time spent building and compiling regions (Stopwatch ticks): not reproducible.</summary>
    public long CompileTicks { get; internal set; }
}
