using System.Runtime.CompilerServices;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>
/// Plans (<see cref="RegionPlan"/>, vCPU thread) and emits and compiles (<see cref="RegionEmitter"/>, any thread:
/// <see cref="RegionCompileWorker"/>) one region.
/// </summary>
internal sealed unsafe class RegionCompiler(Mips32Cpu cpu, JitContext context, int maxInstructions)
{
    /// <summary>The region starting at <paramref name="pc"/>, without code yet (null: the PC is not translated).</summary>
    public (Region Region, RegionEmitter Emitter)? Plan<TE>(DecodedInst* code, byte* host, uint pc, uint modeTag) where TE : struct, IEndian
    {
        var blocks = RegionPlan.Build<TE>(cpu, code, host, pc, modeTag, maxInstructions);
        if (blocks is null)
        {
            return null;
        }
        var slots = blocks.Select(b => (int)((b.Start >> 2) & (CodeCache.SlotsPerPage - 1))).ToArray();
        var first = int.MaxValue;
        var end = 0;
        foreach (var b in blocks)
        {
            var s = (int)((b.Start >> 2) & (CodeCache.SlotsPerPage - 1));
            first = Math.Min(first, s);
            end = Math.Max(end, s + b.Insts.Count);
        }
        var region = new Region(context, pc & 0xfffff000, modeTag, (nint)code, first, end, slots, blocks.Sum(b => b.Insts.Count));
        return (region, new RegionEmitter(blocks, modeTag, TE.IsBigEndian));
    }

    /// <summary>
    /// Emits the region's IL and has RyuJIT compile it now (a DynamicMethod is otherwise compiled at its first call, on
    /// the vCPU thread). Reads only the plan: safe on the worker while the vCPU runs.
    /// </summary>
    public static void Finish(Region region, RegionEmitter emitter)
    {
        var method = emitter.Emit(region.VirtualBase);
        region.Links = new ChainSlot[emitter.ChainExits];
        var code = RegionEmitter.CreateCode(method, region);
        RuntimeHelpers.PrepareDelegate(code);
        region.Code = code;
    }
}
