using System.Numerics;
using System.Runtime.CompilerServices;
using Emu.Emulator.Cp0;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The interpreter loop: one switch over <see cref="InstName"/> with the common instructions written
/// inline (MIPS32 Vol II-A semantics, one line each, grouped by family), and the rare or complex ones
/// (CP0, TLB, unaligned and linked accesses, anything that can fault) in the other partial files.
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
                // ---- Shifts and rotates (Vol II-A SLL, SRL, ROTR, SRA and the variable forms) ----
                case InstName.Sll: r[di->Rd] = r[rt] << (int)imm; break;
                case InstName.Srl: r[di->Rd] = r[rt] >> (int)imm; break;
                case InstName.Rotr: r[di->Rd] = BitOperations.RotateRight(r[rt], (int)imm); break;
                case InstName.Sra: r[di->Rd] = (uint)((int)r[rt] >> (int)imm); break;
                case InstName.Sllv: r[di->Rd] = r[rt] << (int)(r[rs] & 31); break;
                case InstName.Srlv: r[di->Rd] = r[rt] >> (int)(r[rs] & 31); break;
                case InstName.Rotrv: r[di->Rd] = BitOperations.RotateRight(r[rt], (int)(r[rs] & 31)); break;
                case InstName.Srav: r[di->Rd] = (uint)((int)r[rt] >> (int)(r[rs] & 31)); break;

                // ---- Register ALU ----
                case InstName.Add:
                    {
                        var a = (int)r[rs];
                        var b = (int)r[rt];
                        var sum = a + b;
                        if (((a ^ sum) & (b ^ sum)) < 0) { exc = ExcCode.Ov; goto raise; }
                        r[di->Rd] = (uint)sum;
                        break;
                    }
                case InstName.Addu: r[di->Rd] = r[rs] + r[rt]; break;
                case InstName.Sub:
                    {
                        var a = (int)r[rs];
                        var b = (int)r[rt];
                        var diff = a - b;
                        if (((a ^ b) & (a ^ diff)) < 0) { exc = ExcCode.Ov; goto raise; }
                        r[di->Rd] = (uint)diff;
                        break;
                    }
                case InstName.Subu: r[di->Rd] = r[rs] - r[rt]; break;
                case InstName.And: r[di->Rd] = r[rs] & r[rt]; break;
                case InstName.Or: r[di->Rd] = r[rs] | r[rt]; break;
                case InstName.Xor: r[di->Rd] = r[rs] ^ r[rt]; break;
                case InstName.Nor: r[di->Rd] = ~(r[rs] | r[rt]); break;
                case InstName.Slt: r[di->Rd] = (int)r[rs] < (int)r[rt] ? 1u : 0u; break;
                case InstName.Sltu: r[di->Rd] = r[rs] < r[rt] ? 1u : 0u; break;
                case InstName.Movz: if (r[rt] == 0) { r[di->Rd] = r[rs]; } break;
                case InstName.Movn: if (r[rt] != 0) { r[di->Rd] = r[rs]; } break;

                // ---- Immediate ALU ----
                case InstName.Addi:
                    {
                        var a = (int)r[rs];
                        var b = (int)imm;
                        var sum = a + b;
                        if (((a ^ sum) & (b ^ sum)) < 0) { exc = ExcCode.Ov; goto raise; }
                        r[rt] = (uint)sum;
                        break;
                    }
                case InstName.Addiu: r[rt] = r[rs] + imm; break;
                case InstName.Slti: r[rt] = (int)r[rs] < (int)imm ? 1u : 0u; break;
                case InstName.Sltiu: r[rt] = r[rs] < imm ? 1u : 0u; break;
                case InstName.Andi: r[rt] = r[rs] & imm; break;
                case InstName.Ori: r[rt] = r[rs] | imm; break;
                case InstName.Xori: r[rt] = r[rs] ^ imm; break;
                case InstName.Lui: r[rt] = imm; break;

                // ---- Bit manipulation (Release 2) ----
                case InstName.Clz: r[di->Rd] = (uint)BitOperations.LeadingZeroCount(r[rs]); break;
                case InstName.Clo: r[di->Rd] = (uint)BitOperations.LeadingZeroCount(~r[rs]); break;
                case InstName.Seb: r[di->Rd] = (uint)(sbyte)r[rt]; break;
                case InstName.Seh: r[di->Rd] = (uint)(short)r[rt]; break;
                case InstName.Wsbh: r[di->Rd] = ((r[rt] & 0x00ff00ffu) << 8) | ((r[rt] >> 8) & 0x00ff00ffu); break;
                case InstName.Ext: r[rt] = (r[rs] >> di->Rd) & imm; break;
                case InstName.Ins: r[rt] = (r[rt] & ~imm) | ((r[rs] << di->Rd) & imm); break;

                // ---- Multiply and divide ----
                case InstName.Mfhi: r[di->Rd] = s->Hi; break;
                case InstName.Mflo: r[di->Rd] = s->Lo; break;
                case InstName.Mthi: s->Hi = r[rs]; break;
                case InstName.Mtlo: s->Lo = r[rs]; break;
                case InstName.Mul: r[di->Rd] = (uint)((int)r[rs] * (int)r[rt]); break;
                case InstName.Mult: MulDiv.SetHiLo(s, (ulong)((long)(int)r[rs] * (int)r[rt])); break;
                case InstName.Multu: MulDiv.SetHiLo(s, (ulong)r[rs] * r[rt]); break;
                case InstName.Madd: MulDiv.SetHiLo(s, MulDiv.HiLo(s) + (ulong)((long)(int)r[rs] * (int)r[rt])); break;
                case InstName.Maddu: MulDiv.SetHiLo(s, MulDiv.HiLo(s) + ((ulong)r[rs] * r[rt])); break;
                case InstName.Msub: MulDiv.SetHiLo(s, MulDiv.HiLo(s) - (ulong)((long)(int)r[rs] * (int)r[rt])); break;
                case InstName.Msubu: MulDiv.SetHiLo(s, MulDiv.HiLo(s) - ((ulong)r[rs] * r[rt])); break;
                case InstName.Div: MulDiv.Div(s, r[rs], r[rt]); break;
                case InstName.Divu: MulDiv.Divu(s, r[rs], r[rt]); break;

                // ---- Branches: target = address of the delay slot + offset ----
                case InstName.Beq: if (r[rs] == r[rt]) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Bne: if (r[rs] != r[rt]) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Blez: if ((int)r[rs] <= 0) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Bgtz: if ((int)r[rs] > 0) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Bltz: if ((int)r[rs] < 0) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Bgez: if ((int)r[rs] >= 0) { nextPc = pc + 4 + imm; } nextDelay = true; break;
                case InstName.Bltzal:
                    {
                        var taken = (int)r[rs] < 0;
                        r[31] = pc + 8;
                        if (taken) { nextPc = pc + 4 + imm; }
                        nextDelay = true;
                        break;
                    }
                case InstName.Bgezal:
                    {
                        var taken = (int)r[rs] >= 0;
                        r[31] = pc + 8;
                        if (taken) { nextPc = pc + 4 + imm; }
                        nextDelay = true;
                        break;
                    }
                // Branch-likely: when not taken, the delay slot is nullified (skipped).
                case InstName.Beql: if (r[rs] == r[rt]) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Bnel: if (r[rs] != r[rt]) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Blezl: if ((int)r[rs] <= 0) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Bgtzl: if ((int)r[rs] > 0) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Bltzl: if ((int)r[rs] < 0) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Bgezl: if ((int)r[rs] >= 0) { nextPc = pc + 4 + imm; nextDelay = true; break; } goto nullify;
                case InstName.Bltzall:
                    {
                        var taken = (int)r[rs] < 0;
                        r[31] = pc + 8;
                        if (taken) { nextPc = pc + 4 + imm; nextDelay = true; break; }
                        goto nullify;
                    }
                case InstName.Bgezall:
                    {
                        var taken = (int)r[rs] >= 0;
                        r[31] = pc + 8;
                        if (taken) { nextPc = pc + 4 + imm; nextDelay = true; break; }
                        goto nullify;
                    }

                // ---- Jumps ----
                case InstName.J: nextPc = (npc & 0xf0000000) | imm; nextDelay = true; break;
                case InstName.Jal: r[31] = pc + 8; nextPc = (npc & 0xf0000000) | imm; nextDelay = true; break;
                case InstName.Jr:
                case InstName.JrHb:
                    nextPc = r[rs];
                    nextDelay = true;
                    break;
                case InstName.Jalr:
                case InstName.JalrHb:
                    {
                        var target = r[rs];
                        r[di->Rd] = pc + 8;
                        nextPc = target;
                        nextDelay = true;
                        break;
                    }

                // ---- Loads and stores: GvaCache hit inline, everything else in Access ----
                case InstName.Lw:
                    {
                        var va = r[rs] + imm;
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        uint v;
                        if ((va & 3) == 0 && e->ReadTag == GvaCache.TagOf(va, mode)) { v = TE.Load32(e->Host + (va & 0xfff)); }
                        else
                        {
                            Sync(pc, npc, delay, budget - left);
                            v = 0;
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
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        uint v;
                        if ((va & 1) == 0 && e->ReadTag == GvaCache.TagOf(va, mode)) { v = TE.Load16(e->Host + (va & 0xfff)); }
                        else
                        {
                            Sync(pc, npc, delay, budget - left);
                            v = 0;
                            var res = Access<TE>(va, 2, AccessKind.Read, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        r[rt] = signed ? (uint)(short)v : (ushort)v;
                        break;
                    }
                case InstName.Lb:
                case InstName.Lbu:
                    {
                        var signed = di->Op == InstName.Lb; // read before Access, which may reset the slot
                        var va = r[rs] + imm;
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        uint v;
                        if (e->ReadTag == GvaCache.TagOf(va, mode)) { v = e->Host[va & 0xfff]; }
                        else
                        {
                            Sync(pc, npc, delay, budget - left);
                            v = 0;
                            var res = Access<TE>(va, 1, AccessKind.Read, ref v);
                            if (res < 0) { return budget - left; }
                            if (res > 0) { budget -= left; left = 0; }
                        }
                        r[rt] = signed ? (uint)(sbyte)v : (byte)v;
                        break;
                    }
                case InstName.Sw:
                    {
                        var va = r[rs] + imm;
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        if ((va & 3) == 0 && e->WriteTag == GvaCache.TagOf(va, mode)) { TE.Store32(e->Host + (va & 0xfff), r[rt]); }
                        else
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
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        if ((va & 1) == 0 && e->WriteTag == GvaCache.TagOf(va, mode)) { TE.Store16(e->Host + (va & 0xfff), (ushort)r[rt]); }
                        else
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
                        var e = cache + ((va >> 12) & (GvaCache.Entries - 1));
                        if (e->WriteTag == GvaCache.TagOf(va, mode)) { e->Host[va & 0xfff] = (byte)r[rt]; }
                        else
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
                        Sync(pc, npc, delay, budget - left);
                        var res = ExecuteSpecialAccess<TE>(di);
                        if (res < 0) { return budget - left; }
                        if (res > 0) { budget -= left; left = 0; }
                        break;
                    }

                // ---- Traps (Vol II-A TEQ.. TNEI): Trap exception when the condition holds ----
                case InstName.Teq: if (r[rs] == r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tne: if (r[rs] != r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tge: if ((int)r[rs] >= (int)r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tgeu: if (r[rs] >= r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tlt: if ((int)r[rs] < (int)r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tltu: if (r[rs] < r[rt]) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Teqi: if (r[rs] == imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tnei: if (r[rs] != imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tgei: if ((int)r[rs] >= (int)imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tgeiu: if (r[rs] >= imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tlti: if ((int)r[rs] < (int)imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Tltiu: if (r[rs] < imm) { exc = ExcCode.Tr; goto raise; } break;
                case InstName.Syscall: exc = ExcCode.Sys; goto raise;
                case InstName.Break: exc = ExcCode.Bp; goto raise;

                // ---- No-ops for this model: memory is coherent and strongly ordered per vCPU ----
                case InstName.Sync:
                case InstName.Synci:
                case InstName.Pref:
                    break;

                case InstName.Rdhwr:
                    {
                        Sync(pc, npc, delay, budget - left);
                        if (!TryReadHwr(di->Rd, user, out var value)) { exc = ExcCode.RI; goto raise; }
                        r[rt] = value;
                        break;
                    }

                // ---- Privileged: CP0 moves, TLB, ERET, WAIT, DI/EI, CACHE ----
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
                        // The table says which instructions need kernel mode or CU0 (InstFlags.Privileged) and which end
                        // the batch (InstFlags.EndsBatch); this case list only routes them to ExecutePrivileged.
                        var flags = InstTable.FlagsOf(di->Op);
                        if (user && (flags & InstFlags.Privileged) != 0 && (_cp0.Status & Cp0Bits.StatusCU0) == 0)
                        {
                            exc = ExcCode.CpU;
                            copUnit = 0;
                            goto raise;
                        }
                        Sync(pc, npc, delay, budget - left);
                        var res = ExecutePrivileged(di);
                        if (res == PrivResult.Jumped)
                        {
                            // ERET: the new PC is already in the state; the mode may have changed.
                            return budget - left;
                        }
                        // Interrupt, translation or halt state may have changed: the next batch starts from a fresh look.
                        if ((flags & InstFlags.EndsBatch) != 0) { budget -= left; left = 0; }
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
