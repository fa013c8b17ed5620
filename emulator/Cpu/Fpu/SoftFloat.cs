using System.Numerics;

namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// Exact IEEE-754 arithmetic in integers, independent of the host FPU (.NET exposes round-to-nearest
/// only, and its results must not depend on the host). Every operation forms the exact result (or the
/// exact result truncated with a sticky bit) as a 128-bit significand and rounds once in
/// <see cref="RoundPack"/>. The NaN, tininess and flush-to-zero choices follow QEMU 7.2's softfloat as
/// configured by target/mips for a legacy-NaN FPU (restore_snan_bit_mode: default-NaN mode; tininess after
/// rounding; set_flush_to_zero from FCSR.FS with inputs not flushed).
/// </summary>
internal static partial class SoftFloat
{
    /// <summary>
    /// Rounds (-1)^sign × (sig + sticky·ε) × 2^exp to the format. <paramref name="sticky"/> says the true
    /// value lies strictly above sig (by less than one unit of its last bit).
    /// </summary>
    public static ulong RoundPack(FloatFormat f, bool sign, int exp, UInt128 sig, bool sticky, ref FpEnv env)
    {
        if (sig == UInt128.Zero)
        {
            return f.Zero(sign);
        }
        var n = 128 - (int)UInt128.LeadingZeroCount(sig);
        var e = exp + n - 1; // exponent of the leading bit
        var emin = f.EMin;
        if (e < emin && env.FlushToZero)
        {
            // QEMU parts_uncanon_normal: flush_to_zero replaces a result below the normal range (judged
            // before rounding) by a signed zero and raises only output_denormal, which target/mips does not
            // map to an FCSR bit.
            return f.Zero(sign);
        }
        var lsb = e >= emin ? e - f.FracBits : emin - f.FracBits;
        ShiftRightRound(sig, lsb - exp, sticky, out var kept, out var roundBit, out var rest);
        var inexact = roundBit || rest;
        if (e < emin)
        {
            // Tininess after rounding (QEMU's default, which MIPS keeps): a value just below 2^emin is not
            // tiny when rounding it to full precision with an unbounded exponent would give 2^emin.
            var tiny = true;
            if (e == emin - 1)
            {
                ShiftRightRound(sig, e - f.FracBits - exp, sticky, out var k2, out var rb2, out var st2);
                if (Increment(env.Mode, sign, k2, rb2, st2) && k2 + 1 == (UInt128.One << (f.FracBits + 1)))
                {
                    tiny = false;
                }
            }
            if (tiny && inexact)
            {
                env.Flags |= FpFlags.Underflow;
            }
        }
        if (Increment(env.Mode, sign, kept, roundBit, rest))
        {
            kept++;
            if (kept == (UInt128.One << (f.FracBits + 1)))
            {
                kept >>= 1;
                lsb++;
            }
        }
        if (inexact)
        {
            env.Flags |= FpFlags.Inexact;
        }
        var m = (ulong)kept;
        if ((m >> f.FracBits) == 0)
        {
            return f.Zero(sign) | m; // subnormal (or zero after rounding)
        }
        var biased = lsb + f.FracBits + f.Bias;
        if (biased >= f.MaxBiasedExp)
        {
            env.Flags |= FpFlags.Overflow | FpFlags.Inexact;
            // IEEE 754 §7.4: the overflow result depends on the rounding direction.
            var toInf = env.Mode switch
            {
                RoundingMode.Nearest => true,
                RoundingMode.TowardZero => false,
                RoundingMode.TowardPlusInfinity => !sign,
                _ => sign,
            };
            return f.Zero(sign) | (toInf ? f.Infinity : f.MaxFinite);
        }
        return f.Zero(sign) | ((ulong)biased << f.FracBits) | (m & f.FracMask);
    }

    /// <summary>Whether rounding adds one unit to the kept bits (round bit and the OR of the rest given).</summary>
    public static bool Increment(RoundingMode mode, bool sign, UInt128 kept, bool roundBit, bool rest) => mode switch
    {
        RoundingMode.Nearest => roundBit && (rest || (kept & UInt128.One) != UInt128.Zero),
        RoundingMode.TowardZero => false,
        RoundingMode.TowardPlusInfinity => !sign && (roundBit || rest),
        _ => sign && (roundBit || rest),
    };

    /// <summary>sig >> drop, with the first dropped bit and the OR of the others (and the sticky input).</summary>
    public static void ShiftRightRound(UInt128 sig, int drop, bool sticky, out UInt128 kept, out bool roundBit, out bool rest)
    {
        if (drop <= 0)
        {
            kept = sig << -drop;
            roundBit = false;
            rest = sticky;
            return;
        }
        if (drop > 128)
        {
            kept = UInt128.Zero;
            roundBit = false;
            rest = sticky || sig != UInt128.Zero;
            return;
        }
        kept = drop == 128 ? UInt128.Zero : sig >> drop;
        roundBit = ((sig >> (drop - 1)) & UInt128.One) != UInt128.Zero;
        var below = (UInt128.One << (drop - 1)) - UInt128.One;
        rest = sticky || (sig & below) != UInt128.Zero;
    }

    /// <summary>
    /// The NaN result of an operation with a NaN operand: QEMU's default-NaN mode (legacy MIPS NaNs) returns
    /// the default NaN, and a signalling operand raises Invalid.
    /// </summary>
    private static ulong PropagateNaN(FloatFormat f, in Unpacked a, in Unpacked b, ref FpEnv env)
    {
        if (a.Class == FloatClass.SNaN || b.Class == FloatClass.SNaN)
        {
            env.Flags |= FpFlags.Invalid;
        }
        return f.DefaultNaN;
    }

    private static ulong InvalidOperation(FloatFormat f, ref FpEnv env)
    {
        env.Flags |= FpFlags.Invalid;
        return f.DefaultNaN;
    }

    /// <summary>a + b, or a − b when <paramref name="subtract"/> (IEEE 754 §6.3 signs of exact zeros).</summary>
    public static ulong Add(FloatFormat f, ulong a, ulong b, bool subtract, ref FpEnv env) =>
        TryFastAdd(f, a, b, subtract, ref env, out var fast) ? fast : AddExact(f, a, b, subtract, ref env);

    /// <summary>The integer path of <see cref="Add"/> (always exact; tests call it directly).</summary>
    public static ulong AddExact(FloatFormat f, ulong a, ulong b, bool subtract, ref FpEnv env)
    {
        var ua = f.Unpack(a);
        var ub = f.Unpack(b);
        if (ua.IsNaN || ub.IsNaN)
        {
            return PropagateNaN(f, ua, ub, ref env);
        }
        var signB = ub.Sign ^ subtract;
        if (ua.Class == FloatClass.Inf)
        {
            return ub.Class == FloatClass.Inf && ua.Sign != signB ? InvalidOperation(f, ref env) : f.Inf(ua.Sign);
        }
        if (ub.Class == FloatClass.Inf)
        {
            return f.Inf(signB);
        }
        if (ua.Class == FloatClass.Zero && ub.Class == FloatClass.Zero)
        {
            return f.Zero(ua.Sign == signB ? ua.Sign : env.Mode == RoundingMode.TowardMinusInfinity);
        }
        if (ub.Class == FloatClass.Zero)
        {
            return RoundPack(f, ua.Sign, ua.Exp, ua.Sig, false, ref env);
        }
        if (ua.Class == FloatClass.Zero)
        {
            return RoundPack(f, signB, ub.Exp, ub.Sig, false, ref env);
        }
        // Let x be the operand with the larger exponent.
        bool sx = ua.Sign, sy = signB;
        var x = ua;
        var y = ub;
        if (ua.Exp < ub.Exp)
        {
            (x, y) = (ub, ua);
            (sx, sy) = (sy, sx);
        }
        var d = x.Exp - y.Exp;
        if (d > 72)
        {
            // y is below x's last bit by more than two full precisions: it only decides rounding, as a
            // sticky bit under three guard bits (x - y = (x·8 - 1) + (1 - y·8) with 0 < y·8 < 1 units).
            var xs = (UInt128)x.Sig << 3;
            return sx == sy
                ? RoundPack(f, sx, x.Exp - 3, xs, true, ref env)
                : RoundPack(f, sx, x.Exp - 3, xs - UInt128.One, true, ref env);
        }
        var big = (UInt128)x.Sig << d;
        UInt128 small = y.Sig;
        if (sx == sy)
        {
            return RoundPack(f, sx, y.Exp, big + small, false, ref env);
        }
        if (big == small)
        {
            // An exact zero difference is +0 in every mode but toward −∞ (IEEE 754 §6.3).
            return f.Zero(env.Mode == RoundingMode.TowardMinusInfinity);
        }
        return big > small
            ? RoundPack(f, sx, y.Exp, big - small, false, ref env)
            : RoundPack(f, sy, y.Exp, small - big, false, ref env);
    }

    public static ulong Mul(FloatFormat f, ulong a, ulong b, ref FpEnv env) =>
        TryFastMul(f, a, b, ref env, out var fast) ? fast : MulExact(f, a, b, ref env);

    /// <summary>The integer path of <see cref="Mul"/> (always exact; tests call it directly).</summary>
    public static ulong MulExact(FloatFormat f, ulong a, ulong b, ref FpEnv env)
    {
        var ua = f.Unpack(a);
        var ub = f.Unpack(b);
        if (ua.IsNaN || ub.IsNaN)
        {
            return PropagateNaN(f, ua, ub, ref env);
        }
        var sign = ua.Sign ^ ub.Sign;
        if (ua.Class == FloatClass.Inf || ub.Class == FloatClass.Inf)
        {
            return ua.Class == FloatClass.Zero || ub.Class == FloatClass.Zero ? InvalidOperation(f, ref env) : f.Inf(sign);
        }
        if (ua.Class == FloatClass.Zero || ub.Class == FloatClass.Zero)
        {
            return f.Zero(sign);
        }
        return RoundPack(f, sign, ua.Exp + ub.Exp, (UInt128)ua.Sig * ub.Sig, false, ref env);
    }

    public static ulong Div(FloatFormat f, ulong a, ulong b, ref FpEnv env) =>
        TryFastDiv(f, a, b, ref env, out var fast) ? fast : DivExact(f, a, b, ref env);

    /// <summary>The integer path of <see cref="Div"/> (always exact; tests call it directly).</summary>
    public static ulong DivExact(FloatFormat f, ulong a, ulong b, ref FpEnv env)
    {
        var ua = f.Unpack(a);
        var ub = f.Unpack(b);
        if (ua.IsNaN || ub.IsNaN)
        {
            return PropagateNaN(f, ua, ub, ref env);
        }
        var sign = ua.Sign ^ ub.Sign;
        if (ua.Class == FloatClass.Inf)
        {
            return ub.Class == FloatClass.Inf ? InvalidOperation(f, ref env) : f.Inf(sign);
        }
        if (ub.Class == FloatClass.Inf)
        {
            return f.Zero(sign);
        }
        if (ub.Class == FloatClass.Zero)
        {
            if (ua.Class == FloatClass.Zero)
            {
                return InvalidOperation(f, ref env);
            }
            env.Flags |= FpFlags.DivideByZero;
            return f.Inf(sign);
        }
        if (ua.Class == FloatClass.Zero)
        {
            return f.Zero(sign);
        }
        // Both significands have exactly p bits, so the quotient has at least 64 bits: enough guard bits.
        var num = (UInt128)ua.Sig << 64;
        var q = num / ub.Sig;
        var r = num - (q * ub.Sig);
        return RoundPack(f, sign, ua.Exp - ub.Exp - 64, q, r != UInt128.Zero, ref env);
    }

    public static ulong Sqrt(FloatFormat f, ulong a, ref FpEnv env) =>
        TryFastSqrt(f, a, ref env, out var fast) ? fast : SqrtExact(f, a, ref env);

    /// <summary>The integer path of <see cref="Sqrt"/> (always exact; tests call it directly).</summary>
    public static ulong SqrtExact(FloatFormat f, ulong a, ref FpEnv env)
    {
        var ua = f.Unpack(a);
        if (ua.IsNaN)
        {
            return PropagateNaN(f, ua, ua, ref env);
        }
        if (ua.Class == FloatClass.Zero)
        {
            return a; // sqrt(±0) = ±0
        }
        if (ua.Sign)
        {
            return InvalidOperation(f, ref env);
        }
        if (ua.Class == FloatClass.Inf)
        {
            return a;
        }
        var sig = (UInt128)ua.Sig;
        var exp = ua.Exp;
        if ((exp & 1) != 0)
        {
            sig <<= 1;
            exp--;
        }
        // sig·2^64 has ~118 bits, so its root has ~59: enough guard bits for either format.
        var n = sig << 64;
        exp -= 64;
        var root = ISqrt(n);
        return RoundPack(f, false, exp / 2, root, root * root != n, ref env);
    }

    /// <summary>floor(sqrt(n)) exactly: a double estimate, one Newton step, then unit corrections.</summary>
    private static UInt128 ISqrt(UInt128 n)
    {
        var r = (UInt128)(ulong)Math.Sqrt((double)n);
        if (r != UInt128.Zero)
        {
            r = (r + (n / r)) >> 1;
        }
        while (r * r > n)
        {
            r--;
        }
        while ((r + UInt128.One) * (r + UInt128.One) <= n)
        {
            r++;
        }
        return r;
    }

    /// <summary>
    /// Ordered comparison: −1, 0, 1, or 2 when unordered. Invalid on any NaN when <paramref name="signalling"/>,
    /// on a signalling NaN otherwise (IEEE 754 §5.11; QEMU float*_compare / float*_compare_quiet).
    /// </summary>
    public static int Compare(FloatFormat f, ulong a, ulong b, bool signalling, ref FpEnv env)
    {
        var ua = f.Unpack(a);
        var ub = f.Unpack(b);
        if (ua.IsNaN || ub.IsNaN)
        {
            if (signalling || ua.Class == FloatClass.SNaN || ub.Class == FloatClass.SNaN)
            {
                env.Flags |= FpFlags.Invalid;
            }
            return 2;
        }
        var ka = OrderKey(f, a);
        var kb = OrderKey(f, b);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
    }

    /// <summary>A signed integer that orders non-NaN encodings like their values (both zeros map to 0).</summary>
    private static long OrderKey(FloatFormat f, ulong bits)
    {
        var magnitude = (long)(bits & ~f.SignBit);
        return (bits & f.SignBit) != 0 ? -magnitude : magnitude;
    }

    /// <summary>Format conversion (CVT.S.D, CVT.D.S): NaNs become the target's default NaN.</summary>
    public static ulong Convert(FloatFormat from, FloatFormat to, ulong a, ref FpEnv env)
    {
        var u = from.Unpack(a);
        return u.Class switch
        {
            FloatClass.QNaN or FloatClass.SNaN => PropagateNaN(to, u, u, ref env),
            FloatClass.Inf => to.Inf(u.Sign),
            FloatClass.Zero => to.Zero(u.Sign),
            _ => RoundPack(to, u.Sign, u.Exp, u.Sig, false, ref env),
        };
    }

    /// <summary>Signed integer to float (CVT.S.W, CVT.D.L, ...), rounded in the environment's mode.</summary>
    public static ulong FromInt(FloatFormat f, long value, ref FpEnv env)
    {
        if (value == 0)
        {
            return 0;
        }
        var sign = value < 0;
        var magnitude = sign ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return RoundPack(f, sign, 0, magnitude, false, ref env);
    }

    /// <summary>
    /// Float to a signed integer of <paramref name="bits"/> bits rounded in <paramref name="mode"/>. Returns
    /// false (Invalid raised, Inexact not) for NaN, infinity and out-of-range values, as QEMU's
    /// parts_float_to_sint does; the caller supplies MIPS's overflow result.
    /// </summary>
    public static bool ToInt(FloatFormat f, ulong a, RoundingMode mode, int bits, ref FpEnv env, out long result) =>
        TryFastToInt(f, a, mode, ref env, out result) || ToIntExact(f, a, mode, bits, ref env, out result);

    /// <summary>The integer path of <see cref="ToInt"/>.</summary>
    public static bool ToIntExact(FloatFormat f, ulong a, RoundingMode mode, int bits, ref FpEnv env, out long result)
    {
        result = 0;
        var u = f.Unpack(a);
        if (u.Class == FloatClass.Zero)
        {
            return true;
        }
        if (u.Class != FloatClass.Finite)
        {
            env.Flags |= FpFlags.Invalid;
            return false;
        }
        UInt128 magnitude;
        var inexact = false;
        if (u.Exp >= 0)
        {
            if (u.Exp > 64)
            {
                env.Flags |= FpFlags.Invalid;
                return false;
            }
            magnitude = (UInt128)u.Sig << u.Exp;
        }
        else
        {
            ShiftRightRound(u.Sig, -u.Exp, false, out magnitude, out var roundBit, out var rest);
            inexact = roundBit || rest;
            if (Increment(mode, u.Sign, magnitude, roundBit, rest))
            {
                magnitude++;
            }
        }
        var limit = UInt128.One << (bits - 1);
        if (u.Sign ? magnitude > limit : magnitude >= limit)
        {
            env.Flags |= FpFlags.Invalid;
            return false;
        }
        if (inexact)
        {
            env.Flags |= FpFlags.Inexact;
        }
        result = u.Sign ? -(long)(ulong)magnitude : (long)(ulong)magnitude;
        return true;
    }

    public static ulong Abs(FloatFormat f, ulong a) => a & ~f.SignBit;

    public static ulong Neg(FloatFormat f, ulong a) => a ^ f.SignBit;

    /// <summary>True when <paramref name="a"/> is a NaN of format <paramref name="f"/>.</summary>
    public static bool IsNaN(FloatFormat f, ulong a) => f.Unpack(a).IsNaN;

    internal static int BitLength(ulong v) => 64 - BitOperations.LeadingZeroCount(v);
}
