using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>Plans (<see cref="RegionPlan"/>) and emits (<see cref="RegionEmitter"/>) one region. vCPU thread.</summary>
internal sealed unsafe class RegionCompiler(Mips32Cpu cpu, JitContext context, int maxInstructions)
{
    public Region? Compile<TE>(DecodedInst* code, byte* host, uint pc, uint modeTag) where TE : struct, IEndian
    {
        var blocks = RegionPlan.Build<TE>(cpu, code, host, pc, modeTag, maxInstructions);
        if (blocks is null)
        {
            return null;
        }
        var emitter = new RegionEmitter(blocks, modeTag, TE.IsBigEndian);
        var method = emitter.Emit(pc & 0xfffff000);
        var slots = blocks.Select(b => (int)((b.Start >> 2) & (CodeCache.SlotsPerPage - 1))).ToArray();
        var first = int.MaxValue;
        var end = 0;
        foreach (var b in blocks)
        {
            var s = (int)((b.Start >> 2) & (CodeCache.SlotsPerPage - 1));
            first = Math.Min(first, s);
            end = Math.Max(end, s + b.Insts.Count);
        }
        var region = new Region(context, pc & 0xfffff000, modeTag, (nint)code, first, end, slots, blocks.Sum(b => b.Insts.Count),
            emitter.ChainExits);
        region.Code = RegionEmitter.CreateCode(method, region);
        return region;
    }
}
