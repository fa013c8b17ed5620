using System.Reflection;
using System.Reflection.Emit;
using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// LL and SC (Mips32Cpu.Linked.cs). The link state (LLbit in CpuState, the linked address and bytes, LLAddr) belongs to
/// the vCPU, so the region calls the interpreter's own LL/SC steps (Mips32Cpu.RegionLoadLinked/RegionStoreConditional)
/// for the part after its checks, passing rt's value and storing the result in rt's local. Cross-vCPU atomicity needs
/// no lock and nothing beyond that call: SC is one compare-and-exchange against the bytes LL read, as in the
/// interpreter, so another vCPU's store between them makes it fail in both engines. Every slow case leaves the region
/// before the instruction, as LW/SW do: LL on a misaligned address or a GvaCache read miss (AdEL, TLB, watched page,
/// MMIO), SC on a misaligned address or, when its link holds, a write miss or a code page (the helper returns -1).
/// </summary>
internal sealed partial class RegionEmitter
{
    private static readonly FieldInfo s_ctxCpu = typeof(JitContext).GetField(nameof(JitContext.Cpu))!;

    /// <summary>The vCPU's LL or SC step for this byte order (Mips32Cpu.Linked.cs: non-generic wrappers, precompiled).</summary>
    private MethodInfo LinkedStep(string name) =>
        typeof(Mips32Cpu).GetMethod(name + (_bigEndian ? "Big" : "Little"), BindingFlags.Instance | BindingFlags.NonPublic)!;

    /// <summary>LL: the aligned word's read-tag hit inline (else bail), then the link is made by the vCPU.</summary>
    private void EmitLoadLinked(int rs, int rt, uint imm, in InstContext ctx)
    {
        EmitTagCheck(rs, imm, 4, write: false, ctx);
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxCpu);
        _il.Emit(OpCodes.Ldloc, _va);
        HostAddress();
        _il.Emit(OpCodes.Call, LinkedStep(nameof(Mips32Cpu.RegionLoadLinked)));
        St(rt);
    }

    /// <summary>SC: rt = 0 or 1 from the vCPU's SC step, or leave before the SC when the step says -1.</summary>
    private void EmitStoreConditional(int rs, int rt, uint imm, in InstContext ctx)
    {
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxCpu);
        Ld(rs); Const(imm); _il.Emit(OpCodes.Add);
        Ld(rt);
        _il.Emit(OpCodes.Call, LinkedStep(nameof(Mips32Cpu.RegionStoreConditional)));
        _il.Emit(OpCodes.Stloc, _t1);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldc_I4_M1); _il.Emit(OpCodes.Beq, BailLabel(ctx));
        _il.Emit(OpCodes.Ldloc, _t1); St(rt);
    }
}
