namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// Round-to-nearest shortcuts through the host FPU, taken only where IEEE 754 makes the host's result and
/// our inexact test provably the same as <see cref="RoundPack"/>'s: finite operands, a normal result well
/// away from the underflow and overflow thresholds (so neither FS nor tininess can matter), and exactness
/// decided by an error-free transformation (TwoSum for sums; a fused multiply-add residual for products,
/// quotients and roots, exact in that range). .NET computes double and float arithmetic, FusedMultiplyAdd and
/// the double→float conversion per IEEE 754 in round-to-nearest on x64 and arm64, so these results do not
/// depend on the host either. Single precision goes through double: sums of singles whose exponents differ
/// by at most 29 and all products are exact in double, and quotients and square roots rounded to double and
/// then to single are correctly rounded (53 ≥ 2·24 + 2). Anything else returns false and takes the exact
/// integer path.
/// </summary>
internal static partial class SoftFloat
{
    /// <summary>2^-968: products, quotients and roots at least this large have exactly representable residuals.</summary>
    private const double SafeTinyDouble = 4.0083367200179456e-292;
    /// <summary>2^-100 for single results (far above 2^-126; residuals are computed in double).</summary>
    private const double SafeTinySingle = 7.888609052210118e-31;

    public static bool TryFastAdd(FloatFormat f, ulong a, ulong b, bool subtract, ref FpEnv env, out ulong result)
    {
        result = 0;
        if (env.Mode != RoundingMode.Nearest)
        {
            return false;
        }
        if (ReferenceEquals(f, FloatFormat.Double))
        {
            var x = BitConverter.UInt64BitsToDouble(a);
            var y = BitConverter.UInt64BitsToDouble(b);
            if (subtract)
            {
                y = -y;
            }
            var s = x + y;
            // Finite operands give a finite s unless it overflowed; |s| ≥ 2^-1021 keeps FS and tininess out.
            if (!double.IsFinite(x) || !double.IsFinite(y) || !double.IsFinite(s) || Math.Abs(s) < 4.4501477170144028e-308)
            {
                return false;
            }
            // TwoSum (Knuth): the exact error of s, representable whenever s did not overflow.
            var bb = s - x;
            var err = (x - (s - bb)) + (y - bb);
            if (err != 0)
            {
                env.Flags |= FpFlags.Inexact;
            }
            result = BitConverter.DoubleToUInt64Bits(s);
            return true;
        }
        var fx = (double)BitConverter.UInt32BitsToSingle((uint)a);
        var fy = (double)BitConverter.UInt32BitsToSingle((uint)b);
        if (subtract)
        {
            fy = -fy;
        }
        var d = fx + fy;
        if (!double.IsFinite(fx) || !double.IsFinite(fy))
        {
            return false;
        }
        var db = d - fx;
        if ((fx - (d - db)) + (fy - db) != 0)
        {
            return false; // the double sum itself was inexact (exponents far apart): exact path
        }
        return PackSingle(d, ref env, out result);
    }

    public static bool TryFastMul(FloatFormat f, ulong a, ulong b, ref FpEnv env, out ulong result)
    {
        result = 0;
        if (env.Mode != RoundingMode.Nearest)
        {
            return false;
        }
        if (ReferenceEquals(f, FloatFormat.Double))
        {
            var x = BitConverter.UInt64BitsToDouble(a);
            var y = BitConverter.UInt64BitsToDouble(b);
            var p = x * y;
            if (!double.IsFinite(p) || Math.Abs(p) < SafeTinyDouble)
            {
                return false;
            }
            if (Math.FusedMultiplyAdd(x, y, -p) != 0)
            {
                env.Flags |= FpFlags.Inexact;
            }
            result = BitConverter.DoubleToUInt64Bits(p);
            return true;
        }
        var fx = (double)BitConverter.UInt32BitsToSingle((uint)a);
        var fy = (double)BitConverter.UInt32BitsToSingle((uint)b);
        if (!double.IsFinite(fx) || !double.IsFinite(fy))
        {
            return false;
        }
        return PackSingle(fx * fy, ref env, out result); // 24×24 bits: exact in double
    }

    public static bool TryFastDiv(FloatFormat f, ulong a, ulong b, ref FpEnv env, out ulong result)
    {
        result = 0;
        if (env.Mode != RoundingMode.Nearest)
        {
            return false;
        }
        if (ReferenceEquals(f, FloatFormat.Double))
        {
            var x = BitConverter.UInt64BitsToDouble(a);
            var y = BitConverter.UInt64BitsToDouble(b);
            // The residual x − q·y is a multiple of ulp(q)·ulp(y) ≈ 2^-104·|x|: representable only for |x| ≥ 2^-968.
            if (!double.IsNormal(x) || !double.IsNormal(y) || Math.Abs(x) < SafeTinyDouble)
            {
                return false;
            }
            var q = x / y;
            if (!double.IsFinite(q) || Math.Abs(q) < SafeTinyDouble)
            {
                return false;
            }
            if (Math.FusedMultiplyAdd(-q, y, x) != 0)
            {
                env.Flags |= FpFlags.Inexact;
            }
            result = BitConverter.DoubleToUInt64Bits(q);
            return true;
        }
        var fx = (double)BitConverter.UInt32BitsToSingle((uint)a);
        var fy = (double)BitConverter.UInt32BitsToSingle((uint)b);
        if (!double.IsFinite(fx) || !double.IsFinite(fy) || fx == 0 || fy == 0)
        {
            return false;
        }
        var r = (float)(fx / fy);
        if (!float.IsFinite(r) || Math.Abs((double)r) < SafeTinySingle)
        {
            return false;
        }
        if ((double)r * fy != fx)
        {
            env.Flags |= FpFlags.Inexact; // r·y is exact in double (24×24 bits)
        }
        result = BitConverter.SingleToUInt32Bits(r);
        return true;
    }

    public static bool TryFastSqrt(FloatFormat f, ulong a, ref FpEnv env, out ulong result)
    {
        result = 0;
        if (env.Mode != RoundingMode.Nearest)
        {
            return false;
        }
        if (ReferenceEquals(f, FloatFormat.Double))
        {
            var x = BitConverter.UInt64BitsToDouble(a);
            if (!double.IsNormal(x) || x < SafeTinyDouble) // same residual bound as for quotients
            {
                return false;
            }
            var s = Math.Sqrt(x);
            if (Math.FusedMultiplyAdd(-s, s, x) != 0)
            {
                env.Flags |= FpFlags.Inexact;
            }
            result = BitConverter.DoubleToUInt64Bits(s);
            return true;
        }
        var fx = (double)BitConverter.UInt32BitsToSingle((uint)a);
        if (!double.IsNormal(fx) || fx < 0 || Math.Abs(fx) < SafeTinySingle)
        {
            return false;
        }
        var r = (float)Math.Sqrt(fx);
        if ((double)r * r != fx)
        {
            env.Flags |= FpFlags.Inexact;
        }
        result = BitConverter.SingleToUInt32Bits(r);
        return true;
    }

    /// <summary>
    /// Float to integer for in-range values: Math.Round (ties to even), Truncate, Ceiling and Floor are exact
    /// operations, so they agree with <see cref="ToInt"/> whenever the result fits with a margin.
    /// </summary>
    public static bool TryFastToInt(FloatFormat f, ulong a, RoundingMode mode, ref FpEnv env, out long result)
    {
        var x = ReferenceEquals(f, FloatFormat.Double) ? BitConverter.UInt64BitsToDouble(a) : BitConverter.UInt32BitsToSingle((uint)a);
        result = 0;
        if (!(Math.Abs(x) < 2147483647.0))
        {
            return false; // NaN, infinity, or near/over the word range: exact path
        }
        var r = mode switch
        {
            RoundingMode.Nearest => Math.Round(x, MidpointRounding.ToEven),
            RoundingMode.TowardZero => Math.Truncate(x),
            RoundingMode.TowardPlusInfinity => Math.Ceiling(x),
            _ => Math.Floor(x),
        };
        if (r != x)
        {
            env.Flags |= FpFlags.Inexact;
        }
        result = (long)r;
        return true;
    }

    /// <summary>Rounds an exact double to single (one RN rounding) when the single result is normal and finite.</summary>
    private static bool PackSingle(double exact, ref FpEnv env, out ulong result)
    {
        var r = (float)exact;
        result = 0;
        if (!float.IsFinite(r) || Math.Abs((double)r) < SafeTinySingle)
        {
            return false; // overflow, underflow or zero: the exact path decides flags, FS and the zero's sign
        }
        if ((double)r != exact)
        {
            env.Flags |= FpFlags.Inexact;
        }
        result = BitConverter.SingleToUInt32Bits(r);
        return true;
    }
}
