using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>
/// A region's compiled code, entered at block <paramref name="entry"/> with <paramref name="budget"/> instructions
/// left in the batch; returns the budget still left when control comes back to the dispatcher (after this region and
/// every region it chained to). The delegate is closed over its <see cref="Region"/> (a closed delegate calls without
/// the shuffle thunk an open static one needs), and a chained jump is a `tail.` call of the next region's delegate
/// with the same signature, which RyuJIT compiles to a jump: the host stack does not grow along a chain.
/// </summary>
internal delegate int RegionCode(int entry, int budget);

/// <summary>How a region left: the PC it wrote back is a block start, or an instruction the interpreter must run.</summary>
internal enum RegionExit
{
    /// <summary>Left at a block start outside the region (or at its cap): look up the next region.</summary>
    Continue = 0,
    /// <summary>
    /// Stopped before an instruction the region does not run (it may fault, it is not translated, the budget does not
    /// cover the block): the interpreter runs it, with the exact PC, NextPc and delay-slot flag written back.
    /// </summary>
    Interpret = 1,
}

/// <summary>
/// The per-vCPU state every region of that vCPU reads: the architectural state and the GvaCache (both native memory
/// owned by the vCPU), its CP0 state, the vCPU itself (for LL/SC, whose link state it owns: Mips32Cpu.Linked.cs), and
/// what a region (or the chain it ran) leaves for the dispatcher. vCPU thread only.
/// </summary>
internal sealed unsafe class JitContext(Mips32Cpu cpu)
{
    public readonly CpuState* State = cpu.State;
    public readonly GvaCacheEntry* GvaTable = cpu.GvaTable;
    public readonly Mips32Cpu Cpu = cpu;
    /// <summary>CP0, which MFC0 of Status and DI read and write directly: the vCPU's own, changed only on its thread.</summary>
    public readonly Cp0.Cp0State Cp0 = cpu.Cp0;
    /// <summary>
    /// Instructions retired when the current batch's budget is spent (set by the dispatcher per batch): an instruction
    /// of a region is at BatchEnd minus what is left after it: where an MFC0 reads (Count, Random and Cause depend on it).
    /// </summary>
    public long BatchEnd;
    public RegionExit Exit;

    // The batch's current code page moved while regions ran: a translated delay slot was fetched from the next page
    // (as the interpreter's fetch of the slot makes that page current), a region jumped between its own pages (as the
    // interpreter's fetch there would), or a chain jumped to a region on another page
    // through a GvaCache fetch hit (as the dispatcher's lookup makes it current). The last move wins. Set by region
    // code, applied to the vCPU (Mips32Cpu.SetCurrentCodePage) and cleared by the dispatcher.
    public int PageMoved;
    public uint PageBase;
    public DecodedInst* PageCode;
    public byte* PageHost;

    // The exit that returned to the dispatcher with RegionExit.Continue without chaining (a cold or stale chain slot):
    // the dispatcher fills LastRegion.Links[LastExit] with what its lookup finds at the PC. Null after other exits.
    public Region? LastRegion;
    public int LastExit;

    /// <summary>Chained jumps taken since the dispatcher last collected them (into <see cref="JitStats.Chains"/>).</summary>
    public long Chains;
}
