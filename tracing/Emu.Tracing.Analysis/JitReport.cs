namespace Emu.Tracing.Analysis;

/// <summary>One vCPU's translator work: regions compiled, the guest instructions they cover, host compile time, regions dropped.</summary>
public sealed record JitVcpuRow(int Vcpu, long RegionsCompiled, long InstructionsCompiled, long CompileUsTotal, long CompileUsMax, long RegionsInvalidated);

/// <summary>Regions dropped for one reason (<c>code-changed</c>, <c>cache-dropped</c>) and the instructions they covered.</summary>
public sealed record JitReasonRow(string Reason, long Regions, long Instructions);

/// <summary>
/// One guest PC that regions started at, over the whole trace and every vCPU: how often a region was compiled there
/// (a region dropped and hot again is compiled again; each vCPU compiles its own), the largest such region, the host
/// time spent compiling them, and how often they were dropped. <paramref name="Function"/> is "name+0xoff" from
/// <c>--symbols</c>, "?" for a PC no symbol covers, or null without a symbol table.
/// </summary>
public sealed record JitRegionRow(string Pc, string? Function, long Compiles, int Instructions, int Entries, long CompileUsTotal, long CompileUsMax, long Invalidated);

/// <summary>
/// The translator's part of a trace (RegionCompiled and RegionInvalidated, keyword Jit): totals, per vCPU, drops by
/// reason, and the regions that cost most to compile and the largest ones, by guest PC. Totals count events, so they
/// equal `emu run --stats`' <c>jit regions= instructions-compiled= invalidated=</c> for a trace that lost none.
/// </summary>
public sealed record JitReport(
    long RegionsCompiled,
    long InstructionsCompiled,
    long CompileUsTotal,
    long CompileUsMax,
    long RegionsInvalidated,
    IReadOnlyList<JitVcpuRow> PerVcpu,
    IReadOnlyList<JitReasonRow> InvalidatedByReason,
    IReadOnlyList<JitRegionRow> SlowestToCompile,
    IReadOnlyList<JitRegionRow> Largest);
