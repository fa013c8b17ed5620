using System.Buffers.Binary;
using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Emu.Emulator.Cpu;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Jit;

/// <summary>Per-instruction IL, written to match the interpreter's cases (Mips32Cpu.Execute.cs) line for line.</summary>
internal sealed partial class RegionEmitter
{
    private static readonly MethodInfo s_rotr = typeof(JitHelpers).GetMethod(nameof(JitHelpers.RotateRight))!;
    private static readonly MethodInfo s_lzcnt = typeof(JitHelpers).GetMethod(nameof(JitHelpers.LeadingZeroCount))!;
    private static readonly MethodInfo s_lwl = typeof(LoadStore).GetMethod(nameof(LoadStore.Lwl))!;
    private static readonly MethodInfo s_lwr = typeof(LoadStore).GetMethod(nameof(LoadStore.Lwr))!;
    private static readonly MethodInfo s_swl = typeof(LoadStore).GetMethod(nameof(LoadStore.Swl))!;
    private static readonly MethodInfo s_swr = typeof(LoadStore).GetMethod(nameof(LoadStore.Swr))!;
    private static readonly MethodInfo s_bswap32 = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Swap32))!;
    private static readonly MethodInfo s_bswap16 = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Swap16))!;
    private static readonly MethodInfo s_div = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Div))!;
    private static readonly MethodInfo s_divu = typeof(JitHelpers).GetMethod(nameof(JitHelpers.Divu))!;
    private static readonly FieldInfo s_readTag = typeof(GvaCacheEntry).GetField(nameof(GvaCacheEntry.ReadTag))!;
    private static readonly FieldInfo s_writeTag = typeof(GvaCacheEntry).GetField(nameof(GvaCacheEntry.WriteTag))!;
    private static readonly FieldInfo s_host = typeof(GvaCacheEntry).GetField(nameof(GvaCacheEntry.Host))!;

    private void EmitInstruction(DecodedInst di, in InstContext ctx)
    {
        var rs = di.Rs;
        var rt = di.Rt;
        var rd = di.Rd;
        var imm = di.Imm;
        switch (di.Op)
        {
            // ---- Shifts and rotates ----
            case InstName.Sll: Ld(rt); Const(imm); _il.Emit(OpCodes.Shl); St(rd); break;
            case InstName.Srl: Ld(rt); Const(imm); _il.Emit(OpCodes.Shr_Un); St(rd); break;
            case InstName.Sra: Ld(rt); Const(imm); _il.Emit(OpCodes.Shr); St(rd); break;
            case InstName.Rotr: Ld(rt); Const(imm); _il.Emit(OpCodes.Call, s_rotr); St(rd); break;
            case InstName.Sllv: Ld(rt); Ld(rs); Const(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shl); St(rd); break;
            case InstName.Srlv: Ld(rt); Ld(rs); Const(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr_Un); St(rd); break;
            case InstName.Srav: Ld(rt); Ld(rs); Const(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Shr); St(rd); break;
            case InstName.Rotrv: Ld(rt); Ld(rs); Const(31); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Call, s_rotr); St(rd); break;

            // ---- Register ALU ----
            case InstName.Add: EmitAddChecked(rs, () => Ld(rt), rd, ctx); break;
            case InstName.Addu: Binary(rs, rt, rd, OpCodes.Add); break;
            case InstName.Sub: EmitSubChecked(rs, rt, rd, ctx); break;
            case InstName.Subu: Binary(rs, rt, rd, OpCodes.Sub); break;
            case InstName.And: Binary(rs, rt, rd, OpCodes.And); break;
            case InstName.Or: Binary(rs, rt, rd, OpCodes.Or); break;
            case InstName.Xor: Binary(rs, rt, rd, OpCodes.Xor); break;
            case InstName.Nor: Ld(rs); Ld(rt); _il.Emit(OpCodes.Or); _il.Emit(OpCodes.Not); St(rd); break;
            case InstName.Slt: Binary(rs, rt, rd, OpCodes.Clt); break;
            case InstName.Sltu: Binary(rs, rt, rd, OpCodes.Clt_Un); break;
            case InstName.Movz:
            case InstName.Movn:
                {
                    var skip = _il.DefineLabel();
                    Ld(rt);
                    _il.Emit(di.Op == InstName.Movz ? OpCodes.Brtrue : OpCodes.Brfalse, skip);
                    Ld(rs);
                    St(rd);
                    _il.MarkLabel(skip);
                    break;
                }

            // ---- Immediate ALU ----
            case InstName.Addi: EmitAddChecked(rs, () => Const(imm), rt, ctx); break;
            case InstName.Addiu: Ld(rs); Const(imm); _il.Emit(OpCodes.Add); St(rt); break;
            case InstName.Slti: Ld(rs); Const(imm); _il.Emit(OpCodes.Clt); St(rt); break;
            case InstName.Sltiu: Ld(rs); Const(imm); _il.Emit(OpCodes.Clt_Un); St(rt); break;
            case InstName.Andi: Ld(rs); Const(imm); _il.Emit(OpCodes.And); St(rt); break;
            case InstName.Ori: Ld(rs); Const(imm); _il.Emit(OpCodes.Or); St(rt); break;
            case InstName.Xori: Ld(rs); Const(imm); _il.Emit(OpCodes.Xor); St(rt); break;
            case InstName.Lui: Const(imm); St(rt); break;

            // ---- Bit manipulation ----
            case InstName.Clz: Ld(rs); _il.Emit(OpCodes.Call, s_lzcnt); St(rd); break;
            case InstName.Clo: Ld(rs); _il.Emit(OpCodes.Not); _il.Emit(OpCodes.Call, s_lzcnt); St(rd); break;
            case InstName.Seb: Ld(rt); _il.Emit(OpCodes.Conv_I1); St(rd); break;
            case InstName.Seh: Ld(rt); _il.Emit(OpCodes.Conv_I2); St(rd); break;
            case InstName.Wsbh:
                Ld(rt); Const(0x00ff00ff); _il.Emit(OpCodes.And); Const(8); _il.Emit(OpCodes.Shl);
                Ld(rt); Const(8); _il.Emit(OpCodes.Shr_Un); Const(0x00ff00ff); _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Or); St(rd);
                break;
            case InstName.Ext: Ld(rs); Const(rd); _il.Emit(OpCodes.Shr_Un); Const(imm); _il.Emit(OpCodes.And); St(rt); break;
            case InstName.Ins:
                Ld(rt); Const(~imm); _il.Emit(OpCodes.And);
                Ld(rs); Const(rd); _il.Emit(OpCodes.Shl); Const(imm); _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Or); St(rt);
                break;

            // ---- Multiply and divide ----
            case InstName.Mfhi: _il.Emit(OpCodes.Ldloc, _hi); St(rd); break;
            case InstName.Mflo: _il.Emit(OpCodes.Ldloc, _lo); St(rd); break;
            case InstName.Mthi: Ld(rs); _il.Emit(OpCodes.Stloc, _hi); break;
            case InstName.Mtlo: Ld(rs); _il.Emit(OpCodes.Stloc, _lo); break;
            case InstName.Mul: Binary(rs, rt, rd, OpCodes.Mul); break;
            case InstName.Mult: Product(rs, rt, signed: true); SetHiLo(); break;
            case InstName.Multu: Product(rs, rt, signed: false); SetHiLo(); break;
            case InstName.Madd: HiLo(); Product(rs, rt, signed: true); _il.Emit(OpCodes.Add); SetHiLo(); break;
            case InstName.Maddu: HiLo(); Product(rs, rt, signed: false); _il.Emit(OpCodes.Add); SetHiLo(); break;
            case InstName.Msub: HiLo(); Product(rs, rt, signed: true); _il.Emit(OpCodes.Sub); SetHiLo(); break;
            case InstName.Msubu: HiLo(); Product(rs, rt, signed: false); _il.Emit(OpCodes.Sub); SetHiLo(); break;
            case InstName.Div: Ld(rs); Ld(rt); _il.Emit(OpCodes.Call, s_div); SetHiLo(); break;
            case InstName.Divu: Ld(rs); Ld(rt); _il.Emit(OpCodes.Call, s_divu); SetHiLo(); break;

            // ---- Loads and stores: the GvaCache hit inline, anything else bails to the interpreter ----
            case InstName.Lw: EmitLoad(rs, rt, imm, 4, signed: false, ctx); break;
            case InstName.Lh: EmitLoad(rs, rt, imm, 2, signed: true, ctx); break;
            case InstName.Lhu: EmitLoad(rs, rt, imm, 2, signed: false, ctx); break;
            case InstName.Lb: EmitLoad(rs, rt, imm, 1, signed: true, ctx); break;
            case InstName.Lbu: EmitLoad(rs, rt, imm, 1, signed: false, ctx); break;
            case InstName.Sw: EmitStore(rs, rt, imm, 4, ctx); break;
            case InstName.Sh: EmitStore(rs, rt, imm, 2, ctx); break;
            case InstName.Sb: EmitStore(rs, rt, imm, 1, ctx); break;
            case InstName.Lwl or InstName.Lwr or InstName.Swl or InstName.Swr: EmitPartialWord(di.Op, rs, rt, imm, ctx); break;
            case InstName.Ll: EmitLoadLinked(rs, rt, imm, ctx); break;
            case InstName.Sc: EmitStoreConditional(rs, rt, imm, ctx); break;

            // ---- Traps: when the condition holds, the interpreter raises the Trap exception ----
            case InstName.Teq: Ld(rs); Ld(rt); _il.Emit(OpCodes.Beq, BailLabel(ctx)); break;
            case InstName.Tne: Ld(rs); Ld(rt); _il.Emit(OpCodes.Bne_Un, BailLabel(ctx)); break;
            case InstName.Tge: Ld(rs); Ld(rt); _il.Emit(OpCodes.Bge, BailLabel(ctx)); break;
            case InstName.Tgeu: Ld(rs); Ld(rt); _il.Emit(OpCodes.Bge_Un, BailLabel(ctx)); break;
            case InstName.Tlt: Ld(rs); Ld(rt); _il.Emit(OpCodes.Blt, BailLabel(ctx)); break;
            case InstName.Tltu: Ld(rs); Ld(rt); _il.Emit(OpCodes.Blt_Un, BailLabel(ctx)); break;
            case InstName.Teqi: Ld(rs); Const(imm); _il.Emit(OpCodes.Beq, BailLabel(ctx)); break;
            case InstName.Tnei: Ld(rs); Const(imm); _il.Emit(OpCodes.Bne_Un, BailLabel(ctx)); break;
            case InstName.Tgei: Ld(rs); Const(imm); _il.Emit(OpCodes.Bge, BailLabel(ctx)); break;
            case InstName.Tgeiu: Ld(rs); Const(imm); _il.Emit(OpCodes.Bge_Un, BailLabel(ctx)); break;
            case InstName.Tlti: Ld(rs); Const(imm); _il.Emit(OpCodes.Blt, BailLabel(ctx)); break;
            case InstName.Tltiu: Ld(rs); Const(imm); _il.Emit(OpCodes.Blt_Un, BailLabel(ctx)); break;

            // ---- CP0 (kernel-mode regions only: RegionPlan.IsCp0), as Mips32Cpu.ExecutePrivileged ----
            case InstName.Mfc0 when Mips32Cpu.Cp0Operand(di) == Cp0.Cp0Register.Status:
                LdCtx(); _il.Emit(OpCodes.Ldfld, s_ctxCp0); _il.Emit(OpCodes.Ldfld, s_status); St(rt);
                break;
            case InstName.Mfc0: // any other register, read by the vCPU at this instruction's place in the batch
                LdCtx(); _il.Emit(OpCodes.Ldfld, s_ctxCpu);
                Const((uint)Mips32Cpu.Cp0Operand(di));
                // Retired with this instruction: BatchEnd - (left after this block + the block's instructions after this one).
                LdCtx(); _il.Emit(OpCodes.Ldfld, s_ctxBatchEnd);
                _il.Emit(OpCodes.Ldloc, _left); _il.Emit(OpCodes.Conv_I8); _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Ldc_I8, (long)(ctx.Unretired - 1)); _il.Emit(OpCodes.Sub);
                _il.Emit(OpCodes.Call, s_readCp0);
                St(rt);
                break;
            case InstName.Di:
                LdCtx(); _il.Emit(OpCodes.Ldfld, s_ctxCp0); _il.Emit(OpCodes.Ldfld, s_status); _il.Emit(OpCodes.Stloc, _t1);
                LdCtx(); _il.Emit(OpCodes.Ldfld, s_ctxCp0);
                _il.Emit(OpCodes.Ldloc, _t1); Const(~Cp0.Cp0Bits.StatusIE); _il.Emit(OpCodes.And);
                _il.Emit(OpCodes.Stfld, s_status);
                _il.Emit(OpCodes.Ldloc, _t1); St(rt);
                break;

            // ---- No-ops for this model (as in the interpreter) ----
            case InstName.Sync:
            case InstName.Synci:
            case InstName.Pref:
                break;

            default:
                throw new InvalidOperationException($"{di.Op} is not translated (RegionPlan.IsTranslated)");
        }
    }

    private void Binary(int rs, int rt, int rd, OpCode op)
    {
        Ld(rs);
        Ld(rt);
        _il.Emit(op);
        St(rd);
    }

    /// <summary>ADD/ADDI: Integer Overflow leaves the region (the interpreter raises it).</summary>
    private void EmitAddChecked(int rs, Action loadB, int dest, in InstContext ctx)
    {
        Ld(rs); _il.Emit(OpCodes.Stloc, _t1);
        loadB(); _il.Emit(OpCodes.Stloc, _t2);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldloc, _t2); _il.Emit(OpCodes.Add); _il.Emit(OpCodes.Stloc, _t3);
        // ((a ^ sum) & (b ^ sum)) < 0
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldloc, _t3); _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.Ldloc, _t2); _il.Emit(OpCodes.Ldloc, _t3); _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.And); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Blt, BailLabel(ctx));
        _il.Emit(OpCodes.Ldloc, _t3); St(dest);
    }

    /// <summary>SUB: ((a ^ b) &amp; (a ^ diff)) &lt; 0 is an overflow.</summary>
    private void EmitSubChecked(int rs, int rt, int rd, in InstContext ctx)
    {
        Ld(rs); _il.Emit(OpCodes.Stloc, _t1);
        Ld(rt); _il.Emit(OpCodes.Stloc, _t2);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldloc, _t2); _il.Emit(OpCodes.Sub); _il.Emit(OpCodes.Stloc, _t3);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldloc, _t2); _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.Ldloc, _t1); _il.Emit(OpCodes.Ldloc, _t3); _il.Emit(OpCodes.Xor);
        _il.Emit(OpCodes.And); _il.Emit(OpCodes.Ldc_I4_0); _il.Emit(OpCodes.Blt, BailLabel(ctx));
        _il.Emit(OpCodes.Ldloc, _t3); St(rd);
    }

    /// <summary>Pushes the 64-bit product of two registers.</summary>
    private void Product(int rs, int rt, bool signed)
    {
        var conv = signed ? OpCodes.Conv_I8 : OpCodes.Conv_U8;
        Ld(rs); _il.Emit(conv);
        Ld(rt); _il.Emit(conv);
        _il.Emit(OpCodes.Mul);
    }

    /// <summary>Pushes HI:LO as one 64-bit value.</summary>
    private void HiLo()
    {
        _il.Emit(OpCodes.Ldloc, _hi); _il.Emit(OpCodes.Conv_U8); Const(32); _il.Emit(OpCodes.Shl);
        _il.Emit(OpCodes.Ldloc, _lo); _il.Emit(OpCodes.Conv_U8);
        _il.Emit(OpCodes.Or);
    }

    /// <summary>Pops a 64-bit value into HI (upper word) and LO.</summary>
    private void SetHiLo()
    {
        _il.Emit(OpCodes.Stloc, _t64);
        _il.Emit(OpCodes.Ldloc, _t64); _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Stloc, _lo);
        _il.Emit(OpCodes.Ldloc, _t64); Const(32); _il.Emit(OpCodes.Shr_Un); _il.Emit(OpCodes.Conv_U4); _il.Emit(OpCodes.Stloc, _hi);
    }

    /// <summary>
    /// va = rs + imm; the GvaCache slot of va into _entry; bails unless va is aligned for <paramref name="size"/> and the
    /// slot's read (or write) tag is this page in this mode — the interpreter's inline hit test, nothing more: a miss,
    /// a watched page, a code page (stores) or MMIO all lack the tag and go to the interpreter's slow path.
    /// </summary>
    private void EmitTagCheck(int rs, uint imm, int size, bool write, in InstContext ctx)
    {
        Ld(rs); Const(imm); _il.Emit(OpCodes.Add); _il.Emit(OpCodes.Stloc, _va);
        EmitTagCheckOfVa(size, write, ctx);
    }

    /// <summary><see cref="EmitTagCheck"/> for a _va already computed.</summary>
    private void EmitTagCheckOfVa(int size, bool write, in InstContext ctx)
    {
        var bail = BailLabel(ctx);
        EmitEntryOffset(_va);
        _il.Emit(OpCodes.Ldloc, _gva); _il.Emit(OpCodes.Add);
        _il.Emit(OpCodes.Stloc, _entry);
        _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, write ? s_writeTag : s_readTag);
        EmitKey(_va, size);
        _il.Emit(OpCodes.Bne_Un, bail);
    }

    /// <summary>
    /// Pushes GvaCache.KeyOf(va, <paramref name="size"/>, mode): the page, the mode and the bits a misaligned access has
    /// set, so the tag compare is the alignment test too.
    /// </summary>
    private void EmitKey(LocalBuilder va, int size)
    {
        _il.Emit(OpCodes.Ldloc, va); Const(GvaCache.PageMask | (uint)(size - 1)); _il.Emit(OpCodes.And);
        if (_modeTag != 0)
        {
            Const(_modeTag); _il.Emit(OpCodes.Or);
        }
    }

    /// <summary>Pushes the byte offset of the GvaCache entry of the VA in <paramref name="va"/> (GvaCache.OffsetOf).</summary>
    private void EmitEntryOffset(LocalBuilder va)
    {
        _il.Emit(OpCodes.Ldloc, va); Const((uint)(12 - GvaCache.EntryShift)); _il.Emit(OpCodes.Shr_Un);
        Const((uint)((GvaCache.Entries - 1) << GvaCache.EntryShift)); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Conv_U);
    }

    /// <summary>Pushes the host address of _va through _entry (valid only until the end of this instruction).</summary>
    private void HostAddress()
    {
        _il.Emit(OpCodes.Ldloc, _entry); _il.Emit(OpCodes.Ldfld, s_host);
        _il.Emit(OpCodes.Ldloc, _va); Const(0xfff); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Add);
    }

    private void EmitLoad(int rs, int rt, uint imm, int size, bool signed, in InstContext ctx)
    {
        EmitTagCheck(rs, imm, size, write: false, ctx);
        HostAddress();
        // volatile.: each guest load reads memory when it executes (never hoisted out of a loop by RyuJIT), so a vCPU
        // spinning on a word sees another vCPU's store as soon as the interpreter would; on x64 it is a plain mov.
        _il.Emit(OpCodes.Volatile);
        switch (size)
        {
            case 4:
                _il.Emit(OpCodes.Ldind_U4);
                if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap32); }
                break;
            case 2:
                _il.Emit(OpCodes.Ldind_U2);
                if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap16); }
                _il.Emit(signed ? OpCodes.Conv_I2 : OpCodes.Conv_U2);
                break;
            default:
                _il.Emit(signed ? OpCodes.Ldind_I1 : OpCodes.Ldind_U1);
                break;
        }
        St(rt);
    }

    private void EmitStore(int rs, int rt, uint imm, int size, in InstContext ctx)
    {
        EmitTagCheck(rs, imm, size, write: true, ctx);
        HostAddress();
        Ld(rt);
        switch (size)
        {
            case 4:
                if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap32); }
                _il.Emit(OpCodes.Volatile);
                _il.Emit(OpCodes.Stind_I4);
                break;
            case 2:
                _il.Emit(OpCodes.Conv_U2);
                if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap16); }
                _il.Emit(OpCodes.Volatile);
                _il.Emit(OpCodes.Stind_I2);
                break;
            default:
                _il.Emit(OpCodes.Volatile);
                _il.Emit(OpCodes.Stind_I1);
                break;
        }
    }

    /// <summary>
    /// LWL/LWR/SWL/SWR as the interpreter's ExecuteSpecialAccess does them on a GvaCache hit: the aligned word through
    /// the hit test (a load needs the read tag, a store the write tag), merged with rt by the interpreter's own
    /// LoadStore helpers at k, the addressed byte's place from the word's most significant end; a miss bails.
    /// </summary>
    private void EmitPartialWord(InstName op, int rs, int rt, uint imm, in InstContext ctx)
    {
        var store = op is InstName.Swl or InstName.Swr;
        Ld(rs); Const(imm); _il.Emit(OpCodes.Add); _il.Emit(OpCodes.Stloc, _va);
        _il.Emit(OpCodes.Ldloc, _va); Const(3); _il.Emit(OpCodes.And);
        if (!_bigEndian)
        {
            Const(3); _il.Emit(OpCodes.Xor); // 3 - (va & 3)
        }
        _il.Emit(OpCodes.Stloc, _pieceK);
        _il.Emit(OpCodes.Ldloc, _va); Const(~3u); _il.Emit(OpCodes.And); _il.Emit(OpCodes.Stloc, _va);
        EmitTagCheckOfVa(1, store, ctx);
        if (store)
        {
            HostAddress();
        }
        HostAddress();
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldind_U4);
        if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap32); }
        Ld(rt);
        _il.Emit(OpCodes.Ldloc, _pieceK);
        _il.Emit(OpCodes.Call, op switch
        {
            InstName.Lwl => s_lwl,
            InstName.Lwr => s_lwr,
            InstName.Swl => s_swl,
            _ => s_swr,
        });
        if (!store)
        {
            St(rt);
            return;
        }
        if (_bigEndian) { _il.Emit(OpCodes.Call, s_bswap32); }
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Stind_I4);
    }
}
