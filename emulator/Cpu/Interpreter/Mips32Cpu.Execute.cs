using System.Runtime.CompilerServices;
using Emu.Emulator.Cp0;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The interpreter's dispatch: one switch over <see cref="InstName"/>, in one method, so an instruction costs
/// one indirect jump and the loop's state (PC, next PC, delay slot, budget) stays in registers across it.
/// Each <c>case</c> only routes operands (the decoded slot's fields, the loop's PC/next-PC/delay-slot state) to its
/// family's semantics, which live one family per file in this folder: <see cref="Alu"/> (shifts, register and
/// immediate ALU, bit operations), <see cref="Branch"/> (conditions, targets, link; the delay slot and likely
/// nullification are the loop's), <see cref="LoadStore"/> (inline GvaCache hits, extensions, unaligned merges;
/// Mips32Cpu.LoadStore.cs and Mips32Cpu.Linked.cs for LWL/LWR/SWL/SWR and LL/SC), <see cref="MulDiv"/> (HI/LO),
/// <see cref="Trap"/> (conditional traps, SYSCALL, BREAK) and the CP0 family (Mips32Cpu.Privileged.cs). The small
/// families are pure functions marked AggressiveInlining, so the switch compiles to what it was when they were
/// written inline; the FPU is emulator/Cpu/Fpu.
/// </summary>
/// <remarks>
/// Hot-path rules: PC, next PC, the delay-slot flag and the budget live in locals; they are written back
/// to <see cref="CpuState"/> (<see cref="Sync"/>) before any call that may raise an exception or read
/// the PC. A helper that raised an exception returns a negative result and the batch ends, so mode
/// changes (EXL, UM, ERL, ASID) are always picked up at the next batch start. A decoded slot (<c>di</c>) is read
/// only before such calls: any of them may leave and re-enter guest mode, and re-entry applies queued code
/// invalidations, which reset the slots of the page being executed (a host swap-out of that page while a load looked
/// up its data page made an LWL run as an SWR, LoadDuringCodeUnmapTests).
/// </remarks>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>Instret at the instruction being executed (valid after <see cref="Sync"/>).</summary>
    private long _instretNow;

    internal CpuState* State => _s;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Sync(uint pc, uint npc, bool delay, long executedInBatch)
    {
        _s->Pc = pc;
        _s->NextPc = npc;
        _s->InDelaySlot = delay ? (byte)1 : (byte)0;
        _instretNow = _instret + executedInBatch;
    }

    private int Execute<TE, TMode>(int budget) where TE : struct, IEndian where TMode : struct, IInterpreterMode
    {
        var s = _s;
        var r = s->Gpr;
        var cache = _gvaCache.Table;
        var pc = s->Pc;
        var npc = s->NextPc;
        var delay = s->InDelaySlot != 0;
        var user = IsUserMode;
        var mode = user ? GvaCache.UserTagBit : 0u;
        // Current code page: its virtual base, decoded slots and bytes. No page is current yet, so the base starts
        // on a page the first PC is not on: it is aligned, so no PC (not even an unaligned one: the mask keeps the
        // low two bits) can match it, and the first instruction always goes through FetchPage, which either
        // raises (AdEL, TLB, IBE) or makes a real page current. (A base of 1 once matched PCs 0x1, 0x5 .. 0xffd.)
        var fetchBase = (pc & 0xfffff000u) ^ 0x1000u;
        DecodedInst* code = null;
        byte* codeHost = null;
        if (TMode.StopsAtBlockEnds)
        {
            // Under a JIT the batch is interpreted in pieces: carry the batch's current code page across them, so
            // fetches (and their GvaCache side effects) happen exactly where one whole-batch loop does them.
            fetchBase = _blockFetchBase;
            code = _blockCode;
            codeHost = _blockCodeHost;
        }
        var left = budget;
        ExcCode exc;
        uint copUnit = 0;
        DecodedInst debugInst;

        while (left > 0)
        {
            left--;
            if (((pc ^ fetchBase) & 0xfffff003) != 0)
            {
                Sync(pc, npc, delay, budget - left);
                if (!FetchPage(pc, mode, out code, out codeHost))
                {
                    return budget - left;
                }
                fetchBase = pc & 0xfffff000;
            }
            var di = code + ((pc >> 2) & (CodeCache.SlotsPerPage - 1));
            if (di->Op == InstName.NotDecoded)
            {
                *di = InstDecoder.Decode(TE.Load32(codeHost + (pc & 0xfff)));
                if (DebugBreakpointAt(pc)) { di->Op = DebugTrapOp; }
            }
        dispatch:
            var nextPc = npc + 4;
            var nextDelay = false;
            var rs = di->Rs;
            var rt = di->Rt;
            var imm = di->Imm;

            switch (di->Op)
            {
                // ---- ALU (Alu.cs): shifts and rotates ----
                case InstName.Sll: r[di->Rd] = Alu.Sll(r[rt], imm); break;
                case InstName.Srl: r[di->Rd] = Alu.Srl(r[rt], imm); break;
                case InstName.Rotr: r[di->Rd] = Alu.Rotr(r[rt], imm); break;
                case InstName.Sra: r[di->Rd] = Alu.Sra(r[rt], imm); break;
                case InstName.Sllv: r[di->Rd] = Alu.Sll(r[rt], Alu.VarShift(r[rs])); break;
                case InstName.Srlv: r[di->Rd] = Alu.Srl(r[rt], Alu.VarShift(r[rs])); break;
                case InstName.Rotrv: r[di->Rd] = Alu.Rotr(r[rt], Alu.VarShift(r[rs])); break;
                case InstName.Srav: r[di->Rd] = Alu.Sra(r[rt], Alu.VarShift(r[rs])); break;

                // ---- ALU: register forms ----
                case InstName.Add:
                    {
                        if (!Alu.TryAdd(r[rs], r[rt], out var sum)) { exc = ExcCode.Ov; goto raise; }
                        r[di->Rd] = sum;
                        break;
                    }
                case InstName.Addu: r[di->Rd] = r[rs] + r[rt]; break;
                case InstName.Sub:
                    {
                        if (!Alu.TrySub(r[rs], r[rt], out var diff)) { exc = ExcCode.Ov; goto raise; }
                        r[di->Rd] = diff;
                        break;
                    }
                case InstName.Subu: r[di->Rd] = r[rs] - r[rt]; break;
                case InstName.And: r[di->Rd] = r[rs] & r[rt]; break;
                case InstName.Or: r[di->Rd] = r[rs] | r[rt]; break;
                case InstName.Xor: r[di->Rd] = r[rs] ^ r[rt]; break;
                case InstName.Nor: r[di->Rd] = Alu.Nor(r[rs], r[rt]); break;
                case InstName.Slt: r[di->Rd] = Alu.Slt(r[rs], r[rt]); break;
                case InstName.Sltu: r[di->Rd] = Alu.Sltu(r[rs], r[rt]); break;
                case InstName.Movz: if (Alu.Movz(r[rt])) { r[di->Rd] = r[rs]; } break;
                case InstName.Movn: if (Alu.Movn(r[rt])) { r[di->Rd] = r[rs]; } break;

                // ---- ALU: immediate forms (the decoder has sign- or zero-extended imm as the row says) ----
                case InstName.Addi:
                    {
                        if (!Alu.TryAdd(r[rs], imm, out var sum)) { exc = ExcCode.Ov; goto raise; }
                        r[rt] = sum;
                        break;
                    }
                case InstName.Addiu: r[rt] = r[rs] + imm; break;
                case InstName.Slti: r[rt] = Alu.Slt(r[rs], imm); break;
                case InstName.Sltiu: r[rt] = Alu.Sltu(r[rs], imm); break;
                case InstName.Andi: r[rt] = r[rs] & imm; break;
                case InstName.Ori: r[rt] = r[rs] | imm; break;
                case InstName.Xori: r[rt] = r[rs] ^ imm; break;
                case InstName.Lui: r[rt] = imm; break;

                // ---- ALU: Release 2 bit operations ----
                case InstName.Clz: r[di->Rd] = Alu.Clz(r[rs]); break;
                case InstName.Clo: r[di->Rd] = Alu.Clo(r[rs]); break;
                case InstName.Seb: r[di->Rd] = Alu.Seb(r[rt]); break;
                case InstName.Seh: r[di->Rd] = Alu.Seh(r[rt]); break;
                case InstName.Wsbh: r[di->Rd] = Alu.Wsbh(r[rt]); break;
                case InstName.Ext: r[rt] = Alu.Ext(r[rs], di->Pos, di->FieldMask); break;
                case InstName.Ins: r[rt] = Alu.Ins(r[rt], r[rs], di->Pos, di->FieldMask); break;

                // ---- Multiply and divide (MulDiv.cs) ----
                case InstName.Mfhi: r[di->Rd] = s->Hi; break;
                case InstName.Mflo: r[di->Rd] = s->Lo; break;
                case InstName.Mthi: s->Hi = r[rs]; break;
                case InstName.Mtlo: s->Lo = r[rs]; break;
                case InstName.Mul: r[di->Rd] = MulDiv.Mul(r[rs], r[rt]); break;
                case InstName.Mult: MulDiv.Mult(s, r[rs], r[rt]); break;
                case InstName.Multu: MulDiv.Multu(s, r[rs], r[rt]); break;
                case InstName.Madd: MulDiv.Madd(s, r[rs], r[rt]); break;
                case InstName.Maddu: MulDiv.Maddu(s, r[rs], r[rt]); break;
                case InstName.Msub: MulDiv.Msub(s, r[rs], r[rt]); break;
                case InstName.Msubu: MulDiv.Msubu(s, r[rs], r[rt]); break;
                case InstName.Div: MulDiv.Div(s, r[rs], r[rt]); break;
                case InstName.Divu: MulDiv.Divu(s, r[rs], r[rt]); break;

                // ---- Branches (Branch.cs): the next PC is set now and taken after the delay slot ----
                case InstName.Beq: if (Branch.Eq(r[rs], r[rt])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Bne: if (Branch.Ne(r[rs], r[rt])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Blez: if (Branch.Lez(r[rs])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Bgtz: if (Branch.Gtz(r[rs])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Bltz: if (Branch.Ltz(r[rs])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Bgez: if (Branch.Gez(r[rs])) { nextPc = Branch.Target(pc, imm); } nextDelay = true; break;
                case InstName.Bltzal:
                    {
                        var taken = Branch.Ltz(r[rs]);
                        r[31] = Branch.ReturnAddress(pc);
                        if (taken) { nextPc = Branch.Target(pc, imm); }
                        nextDelay = true;
                        break;
                    }
                case InstName.Bgezal:
                    {
                        var taken = Branch.Gez(r[rs]);
                        r[31] = Branch.ReturnAddress(pc);
                        if (taken) { nextPc = Branch.Target(pc, imm); }
                        nextDelay = true;
                        break;
                    }
                // Branch-likely: when not taken, the delay slot is nullified (skipped).
                case InstName.Beql: if (Branch.Eq(r[rs], r[rt])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Bnel: if (Branch.Ne(r[rs], r[rt])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Blezl: if (Branch.Lez(r[rs])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Bgtzl: if (Branch.Gtz(r[rs])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Bltzl: if (Branch.Ltz(r[rs])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Bgezl: if (Branch.Gez(r[rs])) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; } goto nullify;
                case InstName.Bltzall:
                    {
                        var taken = Branch.Ltz(r[rs]);
                        r[31] = Branch.ReturnAddress(pc);
                        if (taken) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; }
                        goto nullify;
                    }
                case InstName.Bgezall:
                    {
                        var taken = Branch.Gez(r[rs]);
                        r[31] = Branch.ReturnAddress(pc);
                        if (taken) { nextPc = Branch.Target(pc, imm); nextDelay = true; break; }
                        goto nullify;
                    }

                // ---- Jumps ----
                case InstName.J: nextPc = Branch.JumpTarget(npc, imm); nextDelay = true; break;
                case InstName.Jal: r[31] = Branch.ReturnAddress(pc); nextPc = Branch.JumpTarget(npc, imm); nextDelay = true; break;
                case InstName.Jr:
                case InstName.JrHb:
                    nextPc = r[rs];
                    nextDelay = true;
                    break;
                case InstName.Jalr:
                case InstName.JalrHb:
                    {
                        var target = r[rs]; // read before the link: JALR rd = rs jumps to the old value
                        r[di->Rd] = Branch.ReturnAddress(pc);
                        nextPc = target;
                        nextDelay = true;
                        break;
                    }

                // ---- Loads and stores (LoadStore.cs): a GvaCache hit inline, everything else in Access ----
                case InstName.Lw:
                    {
                        var va = r[rs] + imm;
                        if (!LoadStore.TryLoad32<TE>(cache, va, mode, out var v))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var res = Access<TE>(va, 4, AccessKind.Read, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        r[rt] = v;
                        break;
                    }
                case InstName.Lh:
                case InstName.Lhu:
                    {
                        var signed = di->Op == InstName.Lh; // read before Access, which may reset the slot
                        var va = r[rs] + imm;
                        if (!LoadStore.TryLoad16<TE>(cache, va, mode, out var v))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var res = Access<TE>(va, 2, AccessKind.Read, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        r[rt] = LoadStore.Extend16(v, signed);
                        break;
                    }
                case InstName.Lb:
                case InstName.Lbu:
                    {
                        var signed = di->Op == InstName.Lb; // read before Access, which may reset the slot
                        var va = r[rs] + imm;
                        if (!LoadStore.TryLoad8(cache, va, mode, out var v))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var res = Access<TE>(va, 1, AccessKind.Read, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        r[rt] = LoadStore.Extend8(v, signed);
                        break;
                    }
                case InstName.Sw:
                    {
                        var va = r[rs] + imm;
                        if (!LoadStore.TryStore32<TE>(cache, va, mode, r[rt]))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var v = r[rt];
                            var res = Access<TE>(va, 4, AccessKind.Write, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        break;
                    }
                case InstName.Sh:
                    {
                        var va = r[rs] + imm;
                        if (!LoadStore.TryStore16<TE>(cache, va, mode, r[rt]))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var v = r[rt] & 0xffff;
                            var res = Access<TE>(va, 2, AccessKind.Write, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        break;
                    }
                case InstName.Sb:
                    {
                        var va = r[rs] + imm;
                        if (!LoadStore.TryStore8(cache, va, mode, r[rt]))
                        {
                            Sync(pc, npc, delay, budget - left);
                            var v = r[rt] & 0xff;
                            var res = Access<TE>(va, 1, AccessKind.Write, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        break;
                    }
                case InstName.Lwl:
                case InstName.Lwr:
                case InstName.Swl:
                case InstName.Swr:
                case InstName.Ll:
                case InstName.Sc:
                    {
                        // Always the slow path: Mips32Cpu.LoadStore.cs, Mips32Cpu.Linked.cs.
                        Sync(pc, npc, delay, budget - left);
                        var res = ExecuteSpecialAccess<TE>(di);
                        if (res < 0) { return budget - left; }
                        if (res > 0) { budget -= left; left = 0; }
                        break;
                    }

                // ---- Traps (Trap.cs): the exception when the condition holds ----
                case InstName.Teq: if (Trap.Eq(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tne: if (Trap.Ne(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tge: if (Trap.Ge(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tgeu: if (Trap.Geu(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tlt: if (Trap.Lt(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tltu: if (Trap.Ltu(r[rs], r[rt])) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Teqi: if (Trap.Eq(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tnei: if (Trap.Ne(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tgei: if (Trap.Ge(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tgeiu: if (Trap.Geu(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tlti: if (Trap.Lt(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Tltiu: if (Trap.Ltu(r[rs], imm)) { exc = Trap.Conditional; goto raise; } break;
                case InstName.Syscall: exc = Trap.Syscall; goto raise;
                case InstName.Break: exc = Trap.Break; goto raise;

                // ---- No-ops for this model: memory is coherent and strongly ordered per vCPU ----
                case InstName.Sync:
                case InstName.Synci:
                case InstName.Pref:
                    break;

                // ---- CP0 family (Mips32Cpu.Privileged.cs) ----
                case InstName.Rdhwr:
                    {
                        Sync(pc, npc, delay, budget - left);
                        if (!TryReadHwr(di->Rd, user, out var value)) { exc = ExcCode.RI; goto raise; }
                        r[rt] = value;
                        break;
                    }
                case InstName.Mfc0:
                case InstName.Mtc0:
                case InstName.Rdpgpr:
                case InstName.Wrpgpr:
                case InstName.Di:
                case InstName.Ei:
                case InstName.Tlbr:
                case InstName.Tlbwi:
                case InstName.Tlbwr:
                case InstName.Tlbp:
                case InstName.Eret:
                case InstName.Wait:
                case InstName.Cache:
                    {
                        Sync(pc, npc, delay, budget - left);
                        var res = ExecutePrivileged(di, user);
                        if (res == PrivResult.Unusable)
                        {
                            exc = ExcCode.CpU;
                            copUnit = 0;
                            goto raise;
                        }
                        if (res == PrivResult.Jumped)
                        {
                            // ERET: the new PC is already in the state; the mode may have changed.
                            return budget - left;
                        }
                        if (res == PrivResult.EndBatch) { budget -= left; left = 0; }
                        break;
                    }

                // ---- Coprocessor 2 (absent): Coprocessor Unusable with Cause.CE ----
                case InstName.Cop2:
                case InstName.Lwc2:
                case InstName.Ldc2:
                case InstName.Swc2:
                case InstName.Sdc2:
                    exc = ExcCode.CpU;
                    copUnit = imm;
                    goto raise;

                // ---- Debugger breakpoint (Mips32Cpu.Debug.cs): stop before the instruction, or run it ----
                case DebugTrapOp:
                    Sync(pc, npc, delay, budget - left - 1);
                    if (DebugTrapHit(pc)) { return budget - left - 1; }
                    debugInst = InstDecoder.Decode(TE.Load32(codeHost + (pc & 0xfff)));
                    di = &debugInst;
                    goto dispatch;

                default:
                    // ---- CP1, the FPU: every row the table flags InstFlags.Fpu (Fpu/Mips32Cpu.Cop1.cs) ----
                    var tableFlags = InstTable.FlagsOf(di->Op);
                    if ((tableFlags & InstFlags.Fpu) != 0)
                    {
                        Sync(pc, npc, delay, budget - left);
                        var step = ExecuteCop1<TE>(di);
                        if (step == Cop1Step.Raised) { return budget - left; }
                        if (step == Cop1Step.EndBatch) { budget -= left; left = 0; }
                        else if (step == Cop1Step.BranchTaken) { nextPc = pc + 4 + imm; nextDelay = true; }
                        else if (step == Cop1Step.BranchNotTaken)
                        {
                            if ((tableFlags & InstFlags.Likely) != 0) { goto nullify; }
                            nextDelay = true;
                        }
                        break;
                    }
                    exc = ExcCode.RI;
                    goto raise;
            }

            pc = npc;
            npc = nextPc;
            r[0] = 0;
            if (TMode.StopsAtBlockEnds && delay && !nextDelay)
            {
                delay = false;
                goto blockEnd; // a delay slot retired: PC is a branch target or fall-through, a block start
            }
            delay = nextDelay;
            continue;

        nullify:
            r[0] = 0;
            pc = npc + 4;
            npc = pc + 4;
            delay = false;
            if (TMode.StopsAtBlockEnds)
            {
                goto blockEnd;
            }
            continue;

        blockEnd:
            if (left == 0)
            {
                break;
            }
            s->Pc = pc;
            s->NextPc = npc;
            s->InDelaySlot = 0;
            _blockFetchBase = fetchBase;
            _blockCode = code;
            _blockCodeHost = codeHost;
            _blockStopped = true;
            return budget - left;

        raise:
            Sync(pc, npc, delay, budget - left);
            ExceptionDispatcher.Raise(this, exc, copUnit: copUnit);
            return budget - left;
        }

        s->Pc = pc;
        s->NextPc = npc;
        s->InDelaySlot = delay ? (byte)1 : (byte)0;
        return budget - left;
    }

    /// <summary>Kernel mode unless Status.UM=1 with EXL=0 and ERL=0 (MIPS32 PRA §3.3).</summary>
    private bool IsUserMode =>
        (_cp0.Status & (Cp0Bits.StatusUM | Cp0Bits.StatusEXL | Cp0Bits.StatusERL)) == Cp0Bits.StatusUM;
}
