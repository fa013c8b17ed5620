using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The arithmetic family (MIPS32 Vol II-A ADD/SUB/MUL/DIV/SQRT/ABS/MOV/NEG/RECIP/RSQRT.fmt and the COP1X
/// MADD/MSUB/NMADD/NMSUB.fmt). ABS/NEG/MOV are non-arithmetic on this FPU: they change only the sign bit
/// and neither signal nor touch FCSR (QEMU float32_abs/float32_chs with FIR.ABS2008 = 0). The multiply-adds
/// round twice, a product then a sum, as the 24Kf and QEMU's helper_float_madd_* do; NMADD/NMSUB then flip
/// the sign even of a NaN result.
/// </summary>
public static class FpuArith
{
    private static readonly FloatFormat S = FloatFormat.Single;
    private static readonly FloatFormat D = FloatFormat.Double;

    /// <summary>fd ← op(fs, ft) for the two-operand and one-operand forms (COP1 fmt S or D).</summary>
    public static FpuOutcome Execute(FpuState st, InstName op, int fd, int fs, int ft, bool fr)
    {
        var env = FpuCommit.Env(st);
        switch (op)
        {
            case InstName.AddS: return PutS(st, fd, SoftFloat.Add(S, st.GetWord(fs), st.GetWord(ft), false, ref env), env);
            case InstName.SubS: return PutS(st, fd, SoftFloat.Add(S, st.GetWord(fs), st.GetWord(ft), true, ref env), env);
            case InstName.MulS: return PutS(st, fd, SoftFloat.Mul(S, st.GetWord(fs), st.GetWord(ft), ref env), env);
            case InstName.DivS: return PutS(st, fd, SoftFloat.Div(S, st.GetWord(fs), st.GetWord(ft), ref env), env);
            case InstName.SqrtS: return PutS(st, fd, SoftFloat.Sqrt(S, st.GetWord(fs), ref env), env);
            case InstName.RecipS: return PutS(st, fd, Recip(S, st.GetWord(fs), ref env), env);
            case InstName.RsqrtS: return PutS(st, fd, Rsqrt(S, st.GetWord(fs), ref env), env);
            case InstName.AbsS: st.SetWord(fd, (uint)SoftFloat.Abs(S, st.GetWord(fs))); return FpuOutcome.Done;
            case InstName.NegS: st.SetWord(fd, (uint)SoftFloat.Neg(S, st.GetWord(fs))); return FpuOutcome.Done;
            case InstName.MovS: st.SetWord(fd, st.GetWord(fs)); return FpuOutcome.Done;
        }

        // Double: QEMU checks the registers (RI for odd ones with FR = 0); RECIP.D/RSQRT.D are MIPS32 Release 2
        // instructions valid with FR = 0 too (Unicorn's QEMU agrees).
        if (!FpuCommit.EvenPairs(fr, fd | fs | ft))
        {
            return FpuOutcome.Reserved;
        }
        var a = st.GetDouble(fs, fr);
        switch (op)
        {
            case InstName.AddD: return PutD(st, fd, SoftFloat.Add(D, a, st.GetDouble(ft, fr), false, ref env), env, fr);
            case InstName.SubD: return PutD(st, fd, SoftFloat.Add(D, a, st.GetDouble(ft, fr), true, ref env), env, fr);
            case InstName.MulD: return PutD(st, fd, SoftFloat.Mul(D, a, st.GetDouble(ft, fr), ref env), env, fr);
            case InstName.DivD: return PutD(st, fd, SoftFloat.Div(D, a, st.GetDouble(ft, fr), ref env), env, fr);
            case InstName.SqrtD: return PutD(st, fd, SoftFloat.Sqrt(D, a, ref env), env, fr);
            case InstName.RecipD: return PutD(st, fd, Recip(D, a, ref env), env, fr);
            case InstName.RsqrtD: return PutD(st, fd, Rsqrt(D, a, ref env), env, fr);
            case InstName.AbsD: st.SetDouble(fd, SoftFloat.Abs(D, a), fr); return FpuOutcome.Done;
            case InstName.NegD: st.SetDouble(fd, SoftFloat.Neg(D, a), fr); return FpuOutcome.Done;
            case InstName.MovD: st.SetDouble(fd, a, fr); return FpuOutcome.Done;
            default: throw new InvalidOperationException($"not an FP arithmetic instruction: {op}");
        }
    }

    /// <summary>COP1X fd ← ±(fs × ft ± fr), unfused.</summary>
    public static FpuOutcome MultiplyAdd(FpuState st, InstName op, int fd, int fr, int fs, int ft, bool frMode)
    {
        var env = FpuCommit.Env(st);
        var subtract = op is InstName.MsubS or InstName.MsubD or InstName.NmsubS or InstName.NmsubD;
        var negate = op is InstName.NmaddS or InstName.NmaddD or InstName.NmsubS or InstName.NmsubD;
        if (op is InstName.MaddS or InstName.MsubS or InstName.NmaddS or InstName.NmsubS)
        {
            var p = SoftFloat.Mul(S, st.GetWord(fs), st.GetWord(ft), ref env);
            var r = SoftFloat.Add(S, p, st.GetWord(fr), subtract, ref env);
            return PutS(st, fd, negate ? SoftFloat.Neg(S, r) : r, env);
        }
        if (!FpuCommit.EvenPairs(frMode, fd | fr | fs | ft))
        {
            return FpuOutcome.Reserved;
        }
        var pd = SoftFloat.Mul(D, st.GetDouble(fs, frMode), st.GetDouble(ft, frMode), ref env);
        var rd = SoftFloat.Add(D, pd, st.GetDouble(fr, frMode), subtract, ref env);
        return PutD(st, fd, negate ? SoftFloat.Neg(D, rd) : rd, env, frMode);
    }

    /// <summary>RECIP: 1/x rounded once (QEMU helper_float_recip_*: a division).</summary>
    private static ulong Recip(FloatFormat f, ulong a, ref FpEnv env) => SoftFloat.Div(f, One(f), a, ref env);

    /// <summary>RSQRT: 1/sqrt(x) as a square root then a division, two roundings (QEMU helper_float_rsqrt_*).</summary>
    private static ulong Rsqrt(FloatFormat f, ulong a, ref FpEnv env) =>
        SoftFloat.Div(f, One(f), SoftFloat.Sqrt(f, a, ref env), ref env);

    private static ulong One(FloatFormat f) => (ulong)f.Bias << f.FracBits;

    internal static FpuOutcome PutS(FpuState st, int fd, ulong value, in FpEnv env)
    {
        if (!FpuCommit.Commit(st, env))
        {
            return FpuOutcome.Fpe;
        }
        st.SetWord(fd, (uint)value);
        return FpuOutcome.Done;
    }

    internal static FpuOutcome PutD(FpuState st, int fd, ulong value, in FpEnv env, bool fr)
    {
        if (!FpuCommit.Commit(st, env))
        {
            return FpuOutcome.Fpe;
        }
        st.SetDouble(fd, value, fr);
        return FpuOutcome.Done;
    }
}
