using System.Reflection;
using System.Reflection.Emit;
using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// LL and SC (Mips32Cpu.Linked.cs). The link state (LLbit in CpuState, the linked address and bytes, LLAddr) belongs to
/// the vCPU, so the region calls the interpreter's own LL/SC steps (Mips32Cpu.RegionLoadLinked/RegionStoreConditional, through
/// JitHelpers)
/// for the part after its checks, passing rt's value and storing the result in rt's local. Cross-vCPU atomicity needs
/// no lock and nothing beyond that call: SC is one compare-and-exchange against the bytes LL read, as in the
/// interpreter, so another vCPU's store between them makes it fail in both engines. Every slow case leaves the region
/// before the instruction, as LW/SW do: LL on a misaligned address or a GvaCache read miss (AdEL, TLB, watched page,
/// MMIO), SC on a misaligned address or, when its link holds, a write miss or a code page (the helper returns -1).
/// </summary>
internal sealed partial class RegionEmitter
{
    private static readonly FieldInfo s_ctxCpu = typeof(JitContext).GetField(nameof(JitContext.Cpu))!;

    private static readonly MethodInfo s_llBig = typeof(JitHelpers).GetMethod(nameof(JitHelpers.LoadLinkedBig))!;
    private static readonly MethodInfo s_llLittle = typeof(JitHelpers).GetMethod(nameof(JitHelpers.LoadLinkedLittle))!;
    private static readonly MethodInfo s_scBig = typeof(JitHelpers).GetMethod(nameof(JitHelpers.StoreConditionalBig))!;
    private static readonly MethodInfo s_scLittle = typeof(JitHelpers).GetMethod(nameof(JitHelpers.StoreConditionalLittle))!;

    /// <summary>LL: the aligned word's read-tag hit inline (else bail), then the link is made by the vCPU.</summary>
    private void EmitLoadLinked(int rs, int rt, uint imm, in InstContext ctx)
    {
        EmitTagCheck(rs, imm, 4, write: false, ctx);
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxCpu);
        _il.Emit(OpCodes.Ldloc, _va);
        HostAddress();
        _il.Emit(OpCodes.Call, _bigEndian ? s_llBig : s_llLittle);
        St(rt);
    }

    /// <summary>SC: rt = 0 or 1 from the vCPU's SC step, or leave before the SC when the step says -1.</summary>
    private void EmitStoreConditional(int rs, int rt, uint imm, in InstContext ctx)
    {
        LdCtx();
        _il.Emit(OpCodes.Ldfld, s_ctxCpu);
        Ld(rs); Const(imm); _il.Emit(OpCodes.Add);
        Ld(rt);
        _il.Emit(OpCodes.Call, _bigEndian ? s_scBig : s_scLittle);
        _il.Emit(OpCodes.Stloc, _t1);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldc_I4_M1); _il.Emit(OpCodes.Beq, BailLabel(ctx));
        _il.Emit(OpCodes.Ldloc, _t1); St(rt);
    }
}
