using Emu.Emulator.Cp0;
using Emu.Emulator.Cp0.Tlb;
using Emu.Emulator.Cpu.Fpu;
using Emu.Emulator.Decoder;

// A partial of the vCPU (so it lives in Emu.Emulator.Cpu, not the folder's namespace): the one place where
// the interpreter meets the FPU. It gates on Status.CU1, picks the instruction family, performs the CP1
// loads/stores through the CPU's own memory path, and turns outcomes into exceptions.
namespace Emu.Emulator.Cpu;

/// <summary>What a CP1 instruction asks of the interpreter loop (see <see cref="Mips32Cpu.ExecuteCop1{TE}"/>).</summary>
internal enum Cop1Step
{
    /// <summary>An exception was raised: the batch ends (the same convention as a negative Access result).</summary>
    Raised = -1,
    Continue = 0,
    /// <summary>Done, but end the batch (an MMIO access or a flush, as <see cref="Mips32Cpu"/>.Access returns 1).</summary>
    EndBatch = 1,
    /// <summary>BC1F/BC1T(L) whose condition holds.</summary>
    BranchTaken = 2,
    /// <summary>BC1F/BC1T(L) whose condition does not hold (a likely branch then nullifies its delay slot).</summary>
    BranchNotTaken = 3,
}

public sealed unsafe partial class Mips32Cpu
{
    /// <summary>The FPU of a 24Kf (null on a 24Kc). Owned by the vCPU thread.</summary>
    private readonly FpuState? _fpu;

    /// <summary>The CPU this vCPU models (decides whether it has an FPU); fixed at construction.</summary>
    public CpuModel Model { get; }

    /// <summary>The FPU's registers, or null when the model has none (debugger and tests read them while parked).</summary>
    public FpuState? Fpu => _fpu;

    /// <summary>Status bits writable beyond <see cref="Cp0Masks.Status"/> when an FPU exists: CU1 and FR (QEMU 24Kf rw mask).</summary>
    internal uint FpuStatusBits => _fpu is null ? 0 : Cp0Bits.StatusCU1 | Cp0Bits.StatusFR;

    /// <summary>Called from reset: FCSR = 0 and the FPRs cleared; Config1.FP set when the FPU exists.</summary>
    private void ResetFpu()
    {
        _fpu?.Reset();
        if (_fpu is not null)
        {
            _cp0.Config1 |= Cp0Bits.Config1FP;
        }
    }

    /// <summary>
    /// Executes one CP1/COP1X instruction (and MOVF/MOVT). The caller has synchronised PC state (Sync), so
    /// anything here may raise. CU1 is checked first, as QEMU's check_cp1_enabled: Coprocessor Unusable with
    /// Cause.CE = 1 (also on a 24Kc, whose CU1 is never set).
    /// </summary>
    internal Cop1Step ExecuteCop1<TE>(DecodedInst* di) where TE : struct, IEndian
    {
        var st = _fpu;
        if (st is null || (_cp0.Status & Cp0Bits.StatusCU1) == 0)
        {
            ExceptionDispatcher.Raise(this, ExcCode.CpU, copUnit: 1);
            return Cop1Step.Raised;
        }
        var fr = (_cp0.Status & Cp0Bits.StatusFR) != 0;
        var r = _s->Gpr;
        var op = di->Op;
        int ft = di->Rt, fs = di->Rd, fd = (int)(di->Imm & 31);
        FpuOutcome outcome;
        switch (op)
        {
            case InstName.Cop1:
            case InstName.Cop1x:
                outcome = FpuOutcome.Reserved; // an unassigned encoding (PS, MIPS-3D, ...)
                break;

            // ---- Moves ----
            case InstName.Mfc1: SetGpr(ft, FpuMove.Mfc1(st, fs)); return Cop1Step.Continue;
            case InstName.Mfhc1: SetGpr(ft, FpuMove.Mfhc1(st, fs, fr)); return Cop1Step.Continue;
            case InstName.Cfc1: SetGpr(ft, FpuMove.Cfc1(st, fs)); return Cop1Step.Continue;
            case InstName.Mtc1: FpuMove.Mtc1(st, fs, r[ft]); return Cop1Step.Continue;
            case InstName.Mthc1: FpuMove.Mthc1(st, fs, r[ft], fr); return Cop1Step.Continue;
            case InstName.Ctc1: outcome = FpuMove.Ctc1(st, fs, r[ft]); break;

            // ---- Branches and conditional moves ----
            case InstName.Bc1f:
            case InstName.Bc1t:
            case InstName.Bc1fl:
            case InstName.Bc1tl:
                return FpuCompare.CcMatches(st, ft) ? Cop1Step.BranchTaken : Cop1Step.BranchNotTaken;
            case InstName.Movci:
                // MOVF/MOVT rd, rs, cc: the SPECIAL form moves GPRs.
                if (FpuCompare.CcMatches(st, ft)) { SetGpr(fs, r[di->Rs]); }
                return Cop1Step.Continue;
            case InstName.MovcfS:
            case InstName.MovcfD:
                outcome = FpuCompare.ConditionalMove(st, op, fd, fs, FpuCompare.CcMatches(st, ft), fr);
                break;
            case InstName.MovzS:
            case InstName.MovzD:
                outcome = FpuCompare.ConditionalMove(st, op, fd, fs, r[ft] == 0, fr);
                break;
            case InstName.MovnS:
            case InstName.MovnD:
                outcome = FpuCompare.ConditionalMove(st, op, fd, fs, r[ft] != 0, fr);
                break;
            case InstName.CCondS:
            case InstName.CCondD:
                outcome = FpuCompare.Compare(st, op, fs, ft, di->Imm, fr);
                break;

            // ---- Arithmetic ----
            case InstName.MaddS or InstName.MaddD or InstName.MsubS or InstName.MsubD
                or InstName.NmaddS or InstName.NmaddD or InstName.NmsubS or InstName.NmsubD:
                outcome = FpuArith.MultiplyAdd(st, op, fd, di->Rs, fs, ft, fr);
                break;
            case InstName.AddS or InstName.SubS or InstName.MulS or InstName.DivS or InstName.SqrtS
                or InstName.AbsS or InstName.MovS or InstName.NegS or InstName.RecipS or InstName.RsqrtS
                or InstName.AddD or InstName.SubD or InstName.MulD or InstName.DivD or InstName.SqrtD
                or InstName.AbsD or InstName.MovD or InstName.NegD or InstName.RecipD or InstName.RsqrtD:
                outcome = FpuArith.Execute(st, op, fd, fs, ft, fr);
                break;

            // ---- Loads and stores ----
            case InstName.Lwc1: return LoadWord<TE>(st, r[di->Rs] + di->Imm, ft);
            case InstName.Swc1: return StoreWord<TE>(r[di->Rs] + di->Imm, st.GetWord(ft));
            case InstName.Ldc1: return LoadDouble<TE>(st, r[di->Rs] + di->Imm, ft, fr);
            case InstName.Sdc1: return StoreDouble<TE>(r[di->Rs] + di->Imm, st.GetDouble(ft, fr));
            case InstName.Lwxc1: return LoadWord<TE>(st, r[di->Rs] + r[ft], fd);
            case InstName.Swxc1: return StoreWord<TE>(r[di->Rs] + r[ft], st.GetWord(fs));
            case InstName.Ldxc1 or InstName.Luxc1:
                {
                    // LUXC1/SUXC1 need FR = 1 (QEMU check_cp1_64bitmode); LDXC1/SDXC1 an even register with FR = 0.
                    if (!FpuCommit.EvenPairs(fr, fd) || (op == InstName.Luxc1 && !fr)) { outcome = FpuOutcome.Reserved; break; }
                    // LUXC1: the address's low three bits are ignored (Vol II-A LUXC1).
                    var va = r[di->Rs] + r[ft];
                    return LoadDouble<TE>(st, op == InstName.Luxc1 ? va & ~7u : va, fd, fr);
                }
            case InstName.Sdxc1 or InstName.Suxc1:
                {
                    if (!FpuCommit.EvenPairs(fr, fs) || (op == InstName.Suxc1 && !fr)) { outcome = FpuOutcome.Reserved; break; }
                    var va = r[di->Rs] + r[ft];
                    return StoreDouble<TE>(op == InstName.Suxc1 ? va & ~7u : va, st.GetDouble(fs, fr));
                }
            case InstName.Prefx:
                return Cop1Step.Continue; // a hint; caches are not modelled

            // ---- Conversions ----
            default:
                outcome = FpuConvert.Execute(st, op, fd, fs, fr);
                break;
        }
        switch (outcome)
        {
            case FpuOutcome.Done:
                return Cop1Step.Continue;
            case FpuOutcome.Fpe:
                ExceptionDispatcher.Raise(this, ExcCode.Fpe);
                return Cop1Step.Raised;
            default:
                ExceptionDispatcher.Raise(this, ExcCode.RI);
                return Cop1Step.Raised;
        }
    }

    /// <inheritdoc cref="Debug.ICpuDebugTarget.ReadFpuRegister"/>
    public uint ReadFpuRegister(int index) => _fpu is null ? 0 : index switch
    {
        < 32 => _fpu.GetWord(index & 31),
        32 => _fpu.Fcsr,
        _ => Fcsr.FirValue,
    };

    /// <inheritdoc cref="Debug.ICpuDebugTarget.WriteFpuRegister"/>
    public void WriteFpuRegister(int index, uint value)
    {
        if (_fpu is null)
        {
            return;
        }
        if (index < 32)
        {
            _fpu.SetWord(index & 31, value);
        }
        else if (index == 32)
        {
            _fpu.Fcsr = Fcsr.Write(_fpu.Fcsr, Fcsr.FcsrReg, value); // gdb's write: the CTC1 mask, no FPE
        }
    }

    private Cop1Step LoadWord<TE>(FpuState st, uint va, int ft) where TE : struct, IEndian
    {
        if ((va & 3) == 0 && GvaHit(va, write: false) is var p && p != null)
        {
            st.SetWord(ft, TE.Load32(p));
            return Cop1Step.Continue;
        }
        uint v = 0;
        var res = Access<TE>(va, 4, AccessKind.Read, ref v);
        if (res < 0)
        {
            return Cop1Step.Raised;
        }
        st.SetWord(ft, v);
        return (Cop1Step)res;
    }

    private Cop1Step StoreWord<TE>(uint va, uint value) where TE : struct, IEndian
    {
        if ((va & 3) == 0 && GvaHit(va, write: true) is var p && p != null)
        {
            TE.Store32(p, value);
            return Cop1Step.Continue;
        }
        var res = Access<TE>(va, 4, AccessKind.Write, ref value);
        return res < 0 ? Cop1Step.Raised : (Cop1Step)res;
    }

    /// <summary>
    /// A doubleword as two word accesses in memory order: the word at the lower address is the high half on a
    /// big-endian CPU, the low half on a little-endian one. Both words lie in one page (8-byte alignment).
    /// </summary>
    private Cop1Step LoadDouble<TE>(FpuState st, uint va, int ft, bool fr) where TE : struct, IEndian
    {
        if ((va & 7) != 0)
        {
            RaiseTranslationFault(TranslateResult.AddressError, va, AccessKind.Read);
            return Cop1Step.Raised;
        }
        uint first, second;
        if (GvaHit(va, write: false) is var p && p != null)
        {
            first = TE.Load32(p);
            second = TE.Load32(p + 4);
            st.SetDouble(ft, TE.IsBigEndian ? ((ulong)first << 32) | second : ((ulong)second << 32) | first, fr);
            return Cop1Step.Continue;
        }
        first = 0;
        second = 0;
        var r1 = Access<TE>(va, 4, AccessKind.Read, ref first);
        if (r1 < 0)
        {
            return Cop1Step.Raised;
        }
        var r2 = Access<TE>(va + 4, 4, AccessKind.Read, ref second);
        if (r2 < 0)
        {
            return Cop1Step.Raised;
        }
        var value = TE.IsBigEndian ? ((ulong)first << 32) | second : ((ulong)second << 32) | first;
        st.SetDouble(ft, value, fr);
        return (Cop1Step)Math.Max(r1, r2);
    }

    private Cop1Step StoreDouble<TE>(uint va, ulong value) where TE : struct, IEndian
    {
        if ((va & 7) != 0)
        {
            RaiseTranslationFault(TranslateResult.AddressError, va, AccessKind.Write);
            return Cop1Step.Raised;
        }
        var first = TE.IsBigEndian ? (uint)(value >> 32) : (uint)value;
        var second = TE.IsBigEndian ? (uint)value : (uint)(value >> 32);
        if (GvaHit(va, write: true) is var p && p != null)
        {
            TE.Store32(p, first);
            TE.Store32(p + 4, second);
            return Cop1Step.Continue;
        }
        var r1 = Access<TE>(va, 4, AccessKind.Write, ref first);
        if (r1 < 0)
        {
            return Cop1Step.Raised;
        }
        var r2 = Access<TE>(va + 4, 4, AccessKind.Write, ref second);
        return r2 < 0 ? Cop1Step.Raised : (Cop1Step)Math.Max(r1, r2);
    }
}
