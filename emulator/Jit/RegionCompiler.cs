using System.Runtime.CompilerServices;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>
/// Plans (<see cref="RegionPlan"/>, vCPU thread) and emits and compiles (<see cref="RegionEmitter"/>, any thread:
/// <see cref="RegionCompileWorker"/>) one region.
/// </summary>
internal sealed unsafe class RegionCompiler(Mips32Cpu cpu, JitContext context, int maxInstructions, Func<nint, int, bool> hasRun)
{
    /// <summary>The region starting at <paramref name="pc"/>, without code yet (null: the PC is not translated).</summary>
    public (Region Region, RegionEmitter Emitter)? Plan<TE>(DecodedInst* code, byte* host, uint pc, uint modeTag) where TE : struct, IEndian
    {
        var plan = RegionPlan.Build<TE>(cpu, code, host, pc, modeTag, maxInstructions, hasRun);
        if (plan is null)
        {
            return null;
        }
        static int SlotOf(uint va) => (int)((va >> 2) & (CodeCache.SlotsPerPage - 1));
        // Loops, not LINQ (see RegionPlan.Build).
        var spans = new RegionSpan[plan.Pages.Length];
        var spanCount = 0;
        var instructions = 0;
        for (var page = 0; page < plan.Pages.Length; page++)
        {
            int first = int.MaxValue, end = 0;
            foreach (var b in plan.Blocks)
            {
                if (b.Page == page)
                {
                    first = Math.Min(first, SlotOf(b.Start));
                    end = Math.Max(end, SlotOf(b.Start) + b.Insts.Length);
                    instructions += b.Insts.Length;
                }
            }
            if (end > 0)
            {
                spans[spanCount++] = new RegionSpan(plan.Pages[page].Code, first, end);
            }
        }
        var used = new RegionSpan[spanCount];
        Array.Copy(spans, used, spanCount);
        var entries = new int[plan.EntryCount];
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i] = SlotOf(plan.Blocks[i].Start);
        }
        var region = new Region(context, pc & 0xfffff000, modeTag, used, entries, instructions);
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
