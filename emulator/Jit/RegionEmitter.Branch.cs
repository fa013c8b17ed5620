using System.Reflection.Emit;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>Branches and jumps with their delay slot (MIPS32 Vol II-A: the target is the delay slot's address + offset).</summary>
internal sealed partial class RegionEmitter
{
    private void EmitBranch(DecodedInst br, DecodedInst slot, uint pc)
    {
        var slotCtx = new InstContext { Pc = pc + 4, InDelaySlot = true, Unretired = 1 };
        var fall = pc + 8;
        switch (br.Op)
        {
            case InstName.J:
            case InstName.Jal:
                {
                    var target = ((pc + 4) & 0xf0000000) | br.Imm;
                    if (br.Op == InstName.Jal)
                    {
                        Const(pc + 8);
                        St(31);
                    }
                    slotCtx.ConstNpc = target;
                    EmitInstruction(slot, slotCtx);
                    EmitAfterSlot(target);
                    return;
                }
            case InstName.Jr:
            case InstName.JrHb:
            case InstName.Jalr:
            case InstName.JalrHb:
                {
                    // The target is read before the link is written (JALR rd = rs) and before the slot runs.
                    Ld(br.Rs);
                    _il.Emit(OpCodes.Stloc, _bnext);
                    if (br.Op is InstName.Jalr or InstName.JalrHb)
                    {
                        Const(pc + 8);
                        St(br.Rd);
                    }
                    slotCtx.DynamicNpc = true;
                    EmitInstruction(slot, slotCtx);
                    if (_slotOnNextPage)
                    {
                        EmitSlotPageMove();
                    }
                    // A return to a call site of this region (a block after a JAL/JALR) stays in the region.
                    for (var i = 0; i < _blocks.Count; i++)
                    {
                        if (!_isReturnPoint[i])
                        {
                            continue;
                        }
                        var returnPoint = _blocks[i].Start;
                        _il.Emit(OpCodes.Ldloc, _bnext);
                        Const(returnPoint);
                        if (_blocks[i].Page == _curPage && !_slotOnNextPage)
                        {
                            _il.Emit(OpCodes.Beq, _blockLabels[i]);
                            continue;
                        }
                        var other = _il.DefineLabel();
                        _il.Emit(OpCodes.Bne_Un, other);
                        EmitGoto(returnPoint, fetchChecked: true); // the fetch there is checked (another page, or after a slot on the next page)
                        _il.MarkLabel(other);
                    }
                    // Any other indirect jump leaves the region, chaining to the target's region if it can.
                    _il.Emit(OpCodes.Ldloc, _bnext);
                    _il.Emit(OpCodes.Stloc, _exitPc);
                    _il.Emit(OpCodes.Ldloc, _bnext);
                    Const(4);
                    _il.Emit(OpCodes.Add);
                    _il.Emit(OpCodes.Stloc, _exitNpc);
                    _il.Emit(OpCodes.Ldc_I4_0);
                    _il.Emit(OpCodes.Stloc, _exitDelay);
                    Const((uint)RegionExit.Continue);
                    _il.Emit(OpCodes.Stloc, _exitKind);
                    _il.Emit(OpCodes.Ldc_I4, _chainExits++);
                    _il.Emit(OpCodes.Stloc, _exitLink);
                    _il.Emit(OpCodes.Br, _epilogue);
                    return;
                }
        }

        var taken = pc + 4 + br.Imm;
        if (!IsLikely(br.Op) && !Links(br.Op) && RegionPlan.Destination(slot) is var written &&
            (written == 0 || (written != br.Rs && written != br.Rt)))
        {
            // The slot writes no register the condition reads (the usual case: compilers fill the slot from before the
            // branch), so the condition is tested after it, as a plain compare and jump: no outcome kept across the slot.
            if (RegionPlan.MayBail(slot.Op))
            {
                slotCtx.DynamicNpc = true;
                slotCtx.Deferred = new DeferredBranch(br, taken, fall);
            }
            EmitInstruction(slot, slotCtx);
            var fallThrough = _il.DefineLabel();
            EmitCondition(br);
            _il.Emit(OpCodes.Brfalse, fallThrough);
            EmitAfterSlot(taken);
            _il.MarkLabel(fallThrough);
            EmitAfterSlot(fall);
            return;
        }

        // Otherwise the condition is taken before the link and the slot change any register.
        EmitCondition(br);
        _il.Emit(OpCodes.Stloc, _cond);
        if (Links(br.Op))
        {
            Const(pc + 8);
            St(31);
        }
        if (IsLikely(br.Op))
        {
            // Not taken: the delay slot is nullified, it does not retire.
            var nullify = _il.DefineLabel();
            _il.Emit(OpCodes.Ldloc, _cond);
            _il.Emit(OpCodes.Brfalse, nullify);
            slotCtx.ConstNpc = taken;
            EmitInstruction(slot, slotCtx);
            EmitAfterSlot(taken);
            _il.MarkLabel(nullify);
            _il.Emit(OpCodes.Ldloc, _left);
            _il.Emit(OpCodes.Ldc_I4_1);
            _il.Emit(OpCodes.Add);
            _il.Emit(OpCodes.Stloc, _left);
            EmitGoto(fall);
            return;
        }
        if (RegionPlan.MayBail(slot.Op))
        {
            // A slot that may leave the region needs the branch's outcome as its NextPc.
            _il.Emit(OpCodes.Ldloc, _cond);
            EmitSelect(taken, fall);
            slotCtx.DynamicNpc = true;
        }
        EmitInstruction(slot, slotCtx);
        var notTaken = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloc, _cond);
        _il.Emit(OpCodes.Brfalse, notTaken);
        EmitAfterSlot(taken);
        _il.MarkLabel(notTaken);
        EmitAfterSlot(fall);
    }

    /// <summary>_bnext = the branch's target if its condition holds now, else its fall-through.</summary>
    private void EmitSelectTarget(DecodedInst br, uint taken, uint fall)
    {
        EmitCondition(br);
        EmitSelect(taken, fall);
    }

    /// <summary>_bnext = <paramref name="taken"/> if the value on the stack is non-zero, else <paramref name="fall"/>.</summary>
    private void EmitSelect(uint taken, uint fall)
    {
        var isTaken = _il.DefineLabel();
        var done = _il.DefineLabel();
        _il.Emit(OpCodes.Brtrue, isTaken);
        Const(fall);
        _il.Emit(OpCodes.Br, done);
        _il.MarkLabel(isTaken);
        Const(taken);
        _il.MarkLabel(done);
        _il.Emit(OpCodes.Stloc, _bnext);
    }

    /// <summary>Writes the return address to ra before the slot runs.</summary>
    private static bool Links(InstName op) => op is InstName.Bltzal or InstName.Bgezal or InstName.Bltzall or InstName.Bgezall;

    private static bool IsLikely(InstName op) => op is
        InstName.Beql or InstName.Bnel or InstName.Blezl or InstName.Bgtzl or InstName.Bltzl or InstName.Bgezl or
        InstName.Bltzall or InstName.Bgezall;

    /// <summary>Pushes 1 when the branch is taken, else 0.</summary>
    private void EmitCondition(DecodedInst br)
    {
        switch (br.Op)
        {
            case InstName.Beq:
            case InstName.Beql:
                Ld(br.Rs); Ld(br.Rt); _il.Emit(OpCodes.Ceq);
                break;
            case InstName.Bne:
            case InstName.Bnel:
                Ld(br.Rs); Ld(br.Rt); _il.Emit(OpCodes.Ceq); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq);
                break;
            case InstName.Blez:
            case InstName.Blezl:
                Ld(br.Rs); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Cgt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq);
                break;
            case InstName.Bgtz:
            case InstName.Bgtzl:
                Ld(br.Rs); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Cgt);
                break;
            case InstName.Bltz:
            case InstName.Bltzl:
            case InstName.Bltzal:
            case InstName.Bltzall:
                Ld(br.Rs); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Clt);
                break;
            case InstName.Bgez:
            case InstName.Bgezl:
            case InstName.Bgezal:
            case InstName.Bgezall:
                Ld(br.Rs); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Clt); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Ceq);
                break;
            default:
                throw new InvalidOperationException($"{br.Op} is not a conditional branch");
        }
    }
}
