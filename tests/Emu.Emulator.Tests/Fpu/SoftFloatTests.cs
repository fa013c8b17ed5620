using Emu.Emulator.Cpu.Fpu;

namespace Emu.Emulator.Tests.Fpu;

/// <summary>
/// The soft-float layer against the host in round-to-nearest, where .NET's double and float arithmetic is
/// IEEE-correct on x64 and arm64: random encodings (all exponents, denormals included, NaNs excepted because
/// MIPS's are not the host's) for +, −, ×, ÷ and sqrt, seeded. The other rounding modes are checked against
/// Unicorn and QEMU (FpuDifferentialTests, the fpu guest program).
/// </summary>
public class SoftFloatTests
{
    private const int Seed = 20261130;

    [Fact]
    public void Double_RoundToNearest_MatchesHost()
    {
        var rng = new Random(Seed);
        var f = FloatFormat.Double;
        for (var i = 0; i < 200_000; i++)
        {
            var a = RandomDouble(rng);
            var b = i % 3 == 0 ? a + (ulong)rng.Next(-4, 5) : RandomDouble(rng);
            var x = BitConverter.UInt64BitsToDouble(a);
            var y = BitConverter.UInt64BitsToDouble(b);
            // Both the exact integer path and the public entry (host shortcut where it applies), flags included.
            Check("add", a, b, SoftFloat.AddExact(f, a, b, false, ref Env()), x + y);
            var exactFlags = s_env.Flags;
            Check("add", a, b, SoftFloat.Add(f, a, b, false, ref Env()), x + y);
            Assert.True(exactFlags == s_env.Flags, $"add {a:x16} {b:x16}: flags {exactFlags} vs {s_env.Flags}");
            Check("sub", a, b, SoftFloat.AddExact(f, a, b, true, ref Env()), x - y);
            Check("mul", a, b, SoftFloat.MulExact(f, a, b, ref Env()), x * y);
            exactFlags = s_env.Flags;
            Check("mul", a, b, SoftFloat.Mul(f, a, b, ref Env()), x * y);
            Assert.True(exactFlags == s_env.Flags, $"mul {a:x16} {b:x16}: flags {exactFlags} vs {s_env.Flags}");
            Check("div", a, b, SoftFloat.DivExact(f, a, b, ref Env()), x / y);
            exactFlags = s_env.Flags;
            Check("div", a, b, SoftFloat.Div(f, a, b, ref Env()), x / y);
            Assert.True(exactFlags == s_env.Flags, $"div {a:x16} {b:x16}: flags {exactFlags} vs {s_env.Flags}");
            Check("sqrt", a, 0, SoftFloat.SqrtExact(f, a & ~f.SignBit, ref Env()), Math.Sqrt(Math.Abs(x)));
            exactFlags = s_env.Flags;
            Check("sqrt", a, 0, SoftFloat.Sqrt(f, a & ~f.SignBit, ref Env()), Math.Sqrt(Math.Abs(x)));
            Assert.True(exactFlags == s_env.Flags, $"sqrt {a:x16}: flags {exactFlags} vs {s_env.Flags}");
        }
    }

    [Fact]
    public void Single_RoundToNearest_MatchesHost()
    {
        var rng = new Random(Seed + 1);
        var f = FloatFormat.Single;
        for (var i = 0; i < 200_000; i++)
        {
            var a = RandomSingle(rng);
            var b = i % 3 == 0 ? (uint)(a + rng.Next(-4, 5)) : RandomSingle(rng);
            if (IsNaN32(a) || IsNaN32(b))
            {
                continue;
            }
            var x = BitConverter.UInt32BitsToSingle(a);
            var y = BitConverter.UInt32BitsToSingle(b);
            Check32("add", a, b, SoftFloat.AddExact(f, a, b, false, ref Env()), x + y);
            var exactFlags = s_env.Flags;
            Check32("add", a, b, SoftFloat.Add(f, a, b, false, ref Env()), x + y);
            Assert.True(exactFlags == s_env.Flags, $"add {a:x8} {b:x8}: flags {exactFlags} vs {s_env.Flags}");
            Check32("mul", a, b, SoftFloat.MulExact(f, a, b, ref Env()), x * y);
            exactFlags = s_env.Flags;
            Check32("mul", a, b, SoftFloat.Mul(f, a, b, ref Env()), x * y);
            Assert.True(exactFlags == s_env.Flags, $"mul {a:x8} {b:x8}: flags {exactFlags} vs {s_env.Flags}");
            Check32("div", a, b, SoftFloat.DivExact(f, a, b, ref Env()), x / y);
            exactFlags = s_env.Flags;
            Check32("div", a, b, SoftFloat.Div(f, a, b, ref Env()), x / y);
            Assert.True(exactFlags == s_env.Flags, $"div {a:x8} {b:x8}: flags {exactFlags} vs {s_env.Flags}");
            Check32("sqrt", a, 0, SoftFloat.SqrtExact(f, a & 0x7fffffff, ref Env()), MathF.Sqrt(Math.Abs(x)));
            exactFlags = s_env.Flags;
            Check32("sqrt", a, 0, SoftFloat.Sqrt(f, a & 0x7fffffff, ref Env()), MathF.Sqrt(Math.Abs(x)));
            Assert.True(exactFlags == s_env.Flags, $"sqrt {a:x8}: flags {exactFlags} vs {s_env.Flags}");
        }
    }

    [Fact]
    public void ToInt_Shortcut_AgreesWithExactPath()
    {
        var rng = new Random(Seed + 2);
        foreach (var f in new[] { FloatFormat.Double, FloatFormat.Single })
        {
            for (var i = 0; i < 100_000; i++)
            {
                // Values around the integers, halves and the word range.
                var x = (rng.NextDouble() - 0.5) * Math.Pow(2, rng.Next(0, 34));
                if (i % 4 == 0) { x = Math.Round(x) + (rng.Next(3) - 1) * 0.5; }
                var bits = ReferenceEquals(f, FloatFormat.Double) ? BitConverter.DoubleToUInt64Bits(x) : BitConverter.SingleToUInt32Bits((float)x);
                foreach (var mode in Enum.GetValues<RoundingMode>())
                {
                    var e1 = new FpEnv(mode, false);
                    var ok1 = SoftFloat.ToIntExact(f, bits, mode, 32, ref e1, out var r1);
                    var e2 = new FpEnv(mode, false);
                    var ok2 = SoftFloat.ToInt(f, bits, mode, 32, ref e2, out var r2);
                    Assert.True(ok1 == ok2 && r1 == r2 && e1.Flags == e2.Flags, $"{bits:x} {mode}: {r1}/{e1.Flags} vs {r2}/{e2.Flags}");
                }
            }
        }
    }

    [Fact]
    public void TinyInexactResult_RaisesUnderflow_EvenWhenItRoundsToTheSmallestNormal()
    {
        // 2^-1022 × (1 - 2^-53) needs exactly 53 bits, so with an unbounded exponent it stays below 2^-1022: tiny
        // after rounding as well. RN then rounds it up to 2^-1022 (a tie to even), and it is inexact → Underflow.
        var env = Env();
        var r = SoftFloat.Mul(FloatFormat.Double, 0x0010000000000000, 0x3fefffffffffffff, ref env);
        Assert.Equal(0x0010000000000000UL, r); // rounds up to the smallest normal
        Assert.Equal(FpFlags.Inexact | FpFlags.Underflow, env.Flags);
        var rz = new FpEnv(RoundingMode.TowardZero, false);
        r = SoftFloat.Mul(FloatFormat.Double, 0x0010000000000000, 0x3fefffffffffffff, ref rz);
        Assert.Equal(0x000fffffffffffffUL, r);
        Assert.Equal(FpFlags.Inexact | FpFlags.Underflow, rz.Flags);
    }

    private static ref FpEnv Env()
    {
        s_env = new FpEnv(RoundingMode.Nearest, false);
        return ref s_env;
    }

    [ThreadStatic]
    private static FpEnv s_env;

    private static ulong RandomDouble(Random rng)
    {
        ulong v;
        do
        {
            v = (ulong)rng.NextInt64();
            if (rng.Next(4) == 0)
            {
                v &= 0x800fffffffffffff; // denormals
            }
            if (rng.Next(2) == 0)
            {
                v |= 0x8000000000000000;
            }
        }
        while ((v & 0x7ff0000000000000) == 0x7ff0000000000000 && (v & 0xfffffffffffff) != 0);
        return v;
    }

    private static uint RandomSingle(Random rng)
    {
        var v = (uint)rng.NextInt64(0, 1L << 32);
        return rng.Next(4) == 0 ? v & 0x807fffff : v;
    }

    private static bool IsNaN32(uint v) => (v & 0x7f800000) == 0x7f800000 && (v & 0x7fffff) != 0;

    private static void Check(string op, ulong a, ulong b, ulong soft, double host)
    {
        var h = BitConverter.DoubleToUInt64Bits(host);
        if (double.IsNaN(host))
        {
            Assert.True(soft == FloatFormat.Double.DefaultNaN, $"{op} {a:x16} {b:x16}: {soft:x16}, host NaN");
            return;
        }
        Assert.True(soft == h, $"{op} {a:x16} {b:x16}: soft {soft:x16} host {h:x16}");
    }

    private static void Check32(string op, uint a, uint b, ulong soft, float host)
    {
        var h = BitConverter.SingleToUInt32Bits(host);
        if (float.IsNaN(host))
        {
            Assert.True(soft == FloatFormat.Single.DefaultNaN, $"{op} {a:x8} {b:x8}: {soft:x8}, host NaN");
            return;
        }
        Assert.True(soft == h, $"{op} {a:x8} {b:x8}: soft {soft:x8} host {h:x8}");
    }
}
