using System.Reflection;
using System.Reflection.Emit;
using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// The end of every region exit: count what the region retired, then, for an exit that may chain, jump straight to
/// the region its <see cref="ChainSlot"/> names when the dispatcher's lookup would find that region there, else return.
/// </summary>
/// <remarks>
/// What the dispatcher (<see cref="JitEngine.Run"/>) checks between two regions, and where the chain checks it:
/// the budget is not spent (left &gt; 0; the target's own per-block budget check does the rest, as it does when the
/// dispatcher enters it); the exit is at a block start, not in a delay slot, and is not a bail-out (only Continue exits
/// chain); the region found at the PC is the one cached, still alive (<see cref="Region.Valid"/>, cleared when its
/// decoded slots or the whole code cache are dropped), compiled for this virtual page and mode (the slot was filled
/// by the lookup, for this exit's PC, and the mode cannot change within a batch or between two batches that run
/// regions of the same mode); and the fetch of the PC: on the page just run it uses the batch's current code page
/// (this region's, another of its pages after a jump there, or the next page's after a delay slot fetched from there),
/// whose decoded page must be the one the
/// target was compiled from; on any other page it needs the GvaCache fetch entry to hit with that decoded page, which
/// then becomes the current code page (<see cref="JitContext.PageMoved"/>). Requests, interrupts and timers are looked at between batches only,
/// by the interpreter and the dispatcher alike, so a chain never has to.
/// </remarks>
internal sealed partial class RegionEmitter
{
    private static readonly FieldInfo s_regionLinks = typeof(Region).GetField(nameof(Region.Links))!;
    private static readonly FieldInfo s_regionValid = typeof(Region).GetField(nameof(Region.Valid))!;
    private static readonly FieldInfo s_regionCode = typeof(Region).GetField(nameof(Region.Code))!;
    private static readonly FieldInfo s_regionCodePage = typeof(Region).GetField(nameof(Region.CodePage))!;
    private static readonly FieldInfo s_regionRun = typeof(Region).GetField(nameof(Region.InstructionsRun))!;
    private static readonly FieldInfo s_slotPc = typeof(ChainSlot).GetField(nameof(ChainSlot.Pc))!;
    private static readonly FieldInfo s_slotEntry = typeof(ChainSlot).GetField(nameof(ChainSlot.Entry))!;
    private static readonly FieldInfo s_slotTarget = typeof(ChainSlot).GetField(nameof(ChainSlot.Target))!;
    private static readonly FieldInfo s_ctxMoved = typeof(JitContext).GetField(nameof(JitContext.PageMoved))!;
    private static readonly FieldInfo s_ctxMovedBase = typeof(JitContext).GetField(nameof(JitContext.PageBase))!;
    private static readonly FieldInfo s_ctxMovedCode = typeof(JitContext).GetField(nameof(JitContext.PageCode))!;
    private static readonly FieldInfo s_ctxMovedHost = typeof(JitContext).GetField(nameof(JitContext.PageHost))!;
    private static readonly FieldInfo s_ctxLastRegion = typeof(JitContext).GetField(nameof(JitContext.LastRegion))!;
    private static readonly FieldInfo s_ctxLastExit = typeof(JitContext).GetField(nameof(JitContext.LastExit))!;
    private static readonly FieldInfo s_ctxChains = typeof(JitContext).GetField(nameof(JitContext.Chains))!;
    private static readonly MethodInfo s_invoke = typeof(RegionCode).GetMethod(nameof(RegionCode.Invoke))!;

    /// <summary>InstructionsRun += budget at entry - budget left (this region's share of a chain).</summary>
    private void EmitCountRun()
    {
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_regionRun);
        _il.Emit(OpCodes.Ldarg_2);
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Sub);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stfld, s_regionRun);
    }

    /// <summary>After the state is written back: chain through Links[_exitLink] (see remarks), or fall out to return.</summary>
    private unsafe void EmitChain()
    {
        if (_chainExits == 0)
        {
            return;
        }
        var done = _il.DefineLabel();
        var miss = _il.DefineLabel();
        var samePage = _il.DefineLabel();
        var slot = _il.DeclareLocal(typeof(ChainSlot).MakeByRefType());
        var target = _il.DeclareLocal(typeof(Region));
        _il.Emit(OpCodes.Ldloc, _exitLink);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Blt, done);
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Ldc_I4_0);
        _il.Emit(OpCodes.Ble, done); // the batch is over: the dispatcher would not look up a region either

        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Ldfld, s_regionLinks);
        _il.Emit(OpCodes.Ldloc, _exitLink);
        _il.Emit(OpCodes.Ldelema, typeof(ChainSlot));
        _il.Emit(OpCodes.Stloc, slot);
        _il.Emit(OpCodes.Ldloc, slot);
        _il.Emit(OpCodes.Ldfld, s_slotTarget);
        _il.Emit(OpCodes.Stloc, target);
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Brfalse, miss);
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Ldfld, s_regionValid);
        _il.Emit(OpCodes.Brfalse, miss);
        _il.Emit(OpCodes.Ldloc, slot);
        _il.Emit(OpCodes.Ldfld, s_slotPc);
        _il.Emit(OpCodes.Ldloc, _exitPc);
        _il.Emit(OpCodes.Bne_Un, miss);

        // On the current code page the fetch uses its decoded page, which must be the target's; on another virtual
        // page the interpreter's fetch would look in the GvaCache (Mips32Cpu.TryCurrentCodePage).
        var otherPage = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _exitPc);
        if (_tracksPage)
        {
            _il.Emit(OpCodes.Ldloc, _curBase);
        }
        else
        {
            Const(_virtualBase);
        }
        _il.Emit(OpCodes.Xor);
        Const(0xfffff000);
        _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Brtrue, otherPage);
        if (_tracksPage)
        {
            _il.Emit(OpCodes.Ldloc, _curCode);
        }
        else
        {
            _il.Emit(OpCodes.Ldarg_0);
            _il.Emit(OpCodes.Ldfld, s_regionCodePage);
        }
        _il.Emit(OpCodes.Ldloc, target); _il.Emit(OpCodes.Ldfld, s_regionCodePage);
        _il.Emit(OpCodes.Beq, samePage);
        _il.Emit(OpCodes.Br, miss);
        _il.MarkLabel(otherPage);
        EmitEntryOffset(_exitPc);
        _il.Emit(OpCodes.Ldloc, _gva); _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _entry);
        _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, s_readTag);
        EmitKey(_exitPc, 4);
        _il.Emit(OpCodes.Bne_Un, miss);
        _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, s_entryCode);
        _il.Emit(OpCodes.Ldloc, target); _il.Emit(OpCodes.Ldfld, s_regionCodePage);
        _il.Emit(OpCodes.Bne_Un, miss);
        LdCtx(); _il.Emit(OpCodes.Ldc_I4_1); _il.Emit(OpCodes.Stfld, s_ctxMoved);
        LdCtx(); _il.Emit(OpCodes.Ldloc, _exitPc); Const(0xfffff000); _il.Emit(OpCodes.And);
        _il.Emit(OpCodes.Stfld, s_ctxMovedBase);
        LdCtx(); _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, s_entryCode);
        _il.Emit(OpCodes.Stfld, s_ctxMovedCode);
        LdCtx(); _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, s_host);
        _il.Emit(OpCodes.Stfld, s_ctxMovedHost);

        _il.MarkLabel(samePage);
        LdCtx();
        _il.Emit(OpCodes.Dup);
        _il.Emit(OpCodes.Ldfld, s_ctxChains);
        _il.Emit(OpCodes.Ldc_I4_1);
        _il.Emit(OpCodes.Conv_I8);
        _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stfld, s_ctxChains);
        _il.Emit(OpCodes.Ldloc, target);
        _il.Emit(OpCodes.Ldfld, s_regionCode);
        _il.Emit(OpCodes.Ldloc, slot);
        _il.Emit(OpCodes.Ldfld, s_slotEntry);
        _il.Emit(OpCodes.Ldloc, _left);
        _il.Emit(OpCodes.Tailcall);
        _il.Emit(OpCodes.Callvirt, s_invoke);
        _il.Emit(OpCodes.Ret);

        _il.MarkLabel(miss);
        LdCtx();
        _il.Emit(OpCodes.Ldarg_0);
        _il.Emit(OpCodes.Stfld, s_ctxLastRegion);
        LdCtx();
        _il.Emit(OpCodes.Ldloc, _exitLink);
        _il.Emit(OpCodes.Stfld, s_ctxLastExit);
        _il.MarkLabel(done);
    }
}
