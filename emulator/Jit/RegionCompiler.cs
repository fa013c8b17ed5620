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
        var plan = RegionPlan.Build<TE>(cpu, code, host, pc, modeTag, maxInstructions);
        if (plan is null)
        {
            return null;
        }
        static int SlotOf(uint va) => (int)((va >> 2) & (CodeCache.SlotsPerPage - 1));
        var spans = new List<RegionSpan>();
        for (var page = 0; page < plan.Pages.Count; page++)
        {
            var onPage = plan.Blocks.Where(b => b.Page == page).ToList();
            if (onPage.Count > 0)
            {
                spans.Add(new RegionSpan(plan.Pages[page].Code, onPage.Min(b => SlotOf(b.Start)),
                    onPage.Max(b => SlotOf(b.Start) + b.Insts.Count)));
            }
        }
        var entries = plan.Entries.Select(b => SlotOf(b.Start)).ToArray();
        var region = new Region(context, pc & 0xfffff000, modeTag, [.. spans], entries, plan.Blocks.Sum(b => b.Insts.Count));
        return (region, new RegionEmitter(plan, modeTag, TE.IsBigEndian));
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
