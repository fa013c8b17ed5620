using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The conversion family: CVT.{S,D,W,L}.fmt and ROUND/TRUNC/CEIL/FLOOR.{W,L}.fmt (MIPS32 Vol II-A).
/// A NaN, infinite or out-of-range source gives Invalid and, with Invalid not enabled, the legacy MIPS
/// result 2^31-1 / 2^63-1 (QEMU FP_TO_INT32_OVERFLOW / FP_TO_INT64_OVERFLOW). Every form with an L
/// operand needs FR = 1 (QEMU check_cp1_64bitmode: RI otherwise).
/// </summary>
public static class FpuConvert
{
    private static readonly FloatFormat S = FloatFormat.Single;
    private static readonly FloatFormat D = FloatFormat.Double;

    public static FpuOutcome Execute(FpuState st, InstName op, int fd, int fs, bool fr)
    {
        var env = FpuCommit.Env(st);
        var mode = env.Mode;
        switch (op)
        {
            // Float → float
            case InstName.CvtDS:
                return FpuCommit.EvenPairs(fr, fd)
                    ? FpuArith.PutD(st, fd, SoftFloat.Convert(S, D, st.GetWord(fs), ref env), env, fr)
                    : FpuOutcome.Reserved;
            case InstName.CvtSD:
                return FpuCommit.EvenPairs(fr, fs)
                    ? FpuArith.PutS(st, fd, SoftFloat.Convert(D, S, st.GetDouble(fs, fr), ref env), env)
                    : FpuOutcome.Reserved;

            // Integer → float
            case InstName.CvtSW: return FpuArith.PutS(st, fd, SoftFloat.FromInt(S, (int)st.GetWord(fs), ref env), env);
            case InstName.CvtDW:
                return FpuCommit.EvenPairs(fr, fd)
                    ? FpuArith.PutD(st, fd, SoftFloat.FromInt(D, (int)st.GetWord(fs), ref env), env, fr)
                    : FpuOutcome.Reserved;
            case InstName.CvtSL:
                return fr ? FpuArith.PutS(st, fd, SoftFloat.FromInt(S, (long)st.GetDouble(fs, fr), ref env), env) : FpuOutcome.Reserved;
            case InstName.CvtDL:
                return fr ? FpuArith.PutD(st, fd, SoftFloat.FromInt(D, (long)st.GetDouble(fs, fr), ref env), env, fr) : FpuOutcome.Reserved;

            // Single → word/long
            case InstName.CvtWS: return ToWord(st, fd, S, st.GetWord(fs), mode, ref env);
            case InstName.RoundWS: return ToWord(st, fd, S, st.GetWord(fs), RoundingMode.Nearest, ref env);
            case InstName.TruncWS: return ToWord(st, fd, S, st.GetWord(fs), RoundingMode.TowardZero, ref env);
            case InstName.CeilWS: return ToWord(st, fd, S, st.GetWord(fs), RoundingMode.TowardPlusInfinity, ref env);
            case InstName.FloorWS: return ToWord(st, fd, S, st.GetWord(fs), RoundingMode.TowardMinusInfinity, ref env);
            case InstName.CvtLS: return ToLong(st, fd, S, st.GetWord(fs), mode, fr, ref env);
            case InstName.RoundLS: return ToLong(st, fd, S, st.GetWord(fs), RoundingMode.Nearest, fr, ref env);
            case InstName.TruncLS: return ToLong(st, fd, S, st.GetWord(fs), RoundingMode.TowardZero, fr, ref env);
            case InstName.CeilLS: return ToLong(st, fd, S, st.GetWord(fs), RoundingMode.TowardPlusInfinity, fr, ref env);
            case InstName.FloorLS: return ToLong(st, fd, S, st.GetWord(fs), RoundingMode.TowardMinusInfinity, fr, ref env);
        }

        // Double → word/long
        if (!FpuCommit.EvenPairs(fr, fs))
        {
            return FpuOutcome.Reserved;
        }
        var a = st.GetDouble(fs, fr);
        return op switch
        {
            InstName.CvtWD => ToWord(st, fd, D, a, mode, ref env),
            InstName.RoundWD => ToWord(st, fd, D, a, RoundingMode.Nearest, ref env),
            InstName.TruncWD => ToWord(st, fd, D, a, RoundingMode.TowardZero, ref env),
            InstName.CeilWD => ToWord(st, fd, D, a, RoundingMode.TowardPlusInfinity, ref env),
            InstName.FloorWD => ToWord(st, fd, D, a, RoundingMode.TowardMinusInfinity, ref env),
            InstName.CvtLD => ToLong(st, fd, D, a, mode, fr, ref env),
            InstName.RoundLD => ToLong(st, fd, D, a, RoundingMode.Nearest, fr, ref env),
            InstName.TruncLD => ToLong(st, fd, D, a, RoundingMode.TowardZero, fr, ref env),
            InstName.CeilLD => ToLong(st, fd, D, a, RoundingMode.TowardPlusInfinity, fr, ref env),
            InstName.FloorLD => ToLong(st, fd, D, a, RoundingMode.TowardMinusInfinity, fr, ref env),
            _ => throw new InvalidOperationException($"not an FP conversion: {op}"),
        };
    }

    private static FpuOutcome ToWord(FpuState st, int fd, FloatFormat f, ulong a, RoundingMode mode, ref FpEnv env)
    {
        var value = SoftFloat.ToInt(f, a, mode, 32, ref env, out var v) ? (uint)(int)v : 0x7fffffffu;
        return FpuArith.PutS(st, fd, value, env);
    }

    private static FpuOutcome ToLong(FpuState st, int fd, FloatFormat f, ulong a, RoundingMode mode, bool fr, ref FpEnv env)
    {
        if (!fr)
        {
            return FpuOutcome.Reserved;
        }
        var value = SoftFloat.ToInt(f, a, mode, 64, ref env, out var v) ? (ulong)v : 0x7fffffffffffffffUL;
        return FpuArith.PutD(st, fd, value, env, fr);
    }
}
