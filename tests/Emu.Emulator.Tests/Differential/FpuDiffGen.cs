using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Differential;

/// <summary>
/// Seeded random FPU cases: operands drawn half from IEEE edge values (±0, ±inf, NaNs, denormals, min/max,
/// values next to rounding and integer-conversion boundaries) and half from random encodings, every rounding
/// mode, FS on and off, random enables (so enabled exceptions happen) and random condition codes.
/// Quiet NaNs other than the default NaN are replaced by it: Unicorn's QEMU 5.0 propagates a quiet NaN operand,
/// while QEMU 7.2 (the reference, checked by the guest-program tests) returns the default NaN.
/// </summary>
internal sealed class FpuDiffGen(int seed)
{
    private readonly Random _rng = new(seed);

    private static readonly uint[] s_singleEdges =
    [
        0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fbfffff, 0x7fc00000,
        0xffc00001, 0x7fffffff, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00800000, 0x80800000,
        0x7f7fffff, 0xff7fffff, 0x3f800001, 0x3fffffff, 0x4b800000, 0x4b7fffff, 0x4f000000, 0xcf000000,
        0x4effffff, 0xcf000001, 0x5f000000, 0xdf000000, 0x5effffff, 0x3f000000, 0xbf000000, 0x3fc00000,
        0x40200000, 0xc0200000, 0x3effffff, 0x34000000, 0x33800000, 0x00400000, 0x00c00000, 0x01000000,
        0x7f000000, 0x7e800000, 0x40490fdb, 0x3eaaaaab, 0x4b000001, 0xcb000001, 0x3f7fffff, 0x0d000000,
    ];

    private static readonly ulong[] s_doubleEdges =
    [
        0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000,
        0xfff0000000000000, 0x7ff7ffffffffffff, 0x7ff8000000000000, 0xfff8000000000001, 0x7fffffffffffffff,
        0x0000000000000001, 0x8000000000000001, 0x000fffffffffffff, 0x800fffffffffffff, 0x0010000000000000,
        0x8010000000000000, 0x7fefffffffffffff, 0xffefffffffffffff, 0x3ff0000000000001, 0x3fffffffffffffff,
        0x41e0000000000000, 0xc1e0000000000000, 0x41dfffffffffffff, 0xc1e0000000200000, 0x41dfffffffc00000,
        0x41dfffffffe00000, 0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff, 0x3fe0000000000000,
        0xbfe0000000000000, 0x3ff8000000000000, 0x4004000000000000, 0xc004000000000000, 0x3fdfffffffffffff,
        0x3cb0000000000000, 0x3ca0000000000000, 0x0008000000000000, 0x7fe0000000000000, 0x47efffffe0000000,
        0x47efffffffffffff, 0x36a0000000000000, 0x3690000000000000, 0x380fffffffffffff, 0x3810000000000000,
        0xb80fffffe0000000, 0x400921fb54442d18, 0x3fd5555555555555, 0x4330000000000001, 0x3fefffffffffffff,
    ];

    public int Next(int n) => _rng.Next(n);

    public bool Chance(double p) => _rng.NextDouble() < p;

    public uint Bits32() => (uint)_rng.NextInt64(0, 1L << 32);

    public ulong Bits64() => ((ulong)Bits32() << 32) | Bits32();

    public uint Single()
    {
        var v = _rng.Next(10) switch
        {
            < 5 => s_singleEdges[_rng.Next(s_singleEdges.Length)],
            < 7 => Bits32(),
            // Near an edge: a few units away, so results land at rounding boundaries.
            _ => (uint)(s_singleEdges[_rng.Next(s_singleEdges.Length)] + _rng.Next(-3, 4)),
        };
        return CanonicalQuiet32(v);
    }

    public ulong Double()
    {
        var v = _rng.Next(10) switch
        {
            < 5 => s_doubleEdges[_rng.Next(s_doubleEdges.Length)],
            < 7 => Bits64(),
            _ => (ulong)((long)s_doubleEdges[_rng.Next(s_doubleEdges.Length)] + _rng.Next(-3, 4)),
        };
        return CanonicalQuiet64(v);
    }

    /// <summary>An FPR image: two singles (FR = 0 pairs / FR = 1 low and high words) or a double.</summary>
    public ulong[] Fprs(bool doubles)
    {
        var f = new ulong[32];
        for (var i = 0; i < 32; i++)
        {
            f[i] = doubles ? Double() : ((ulong)Single() << 32) | Single();
        }
        return f;
    }

    public uint[] Gprs()
    {
        var g = new uint[32];
        for (var i = 1; i < 32; i++)
        {
            g[i] = _rng.Next(4) == 0 ? 0 : Bits32();
        }
        return g;
    }

    /// <summary>RM, FS sometimes, enables sometimes, random flags and condition codes; Cause clear.</summary>
    public uint Fcsr()
    {
        var fcsr = (uint)_rng.Next(4);
        if (Chance(0.25)) { fcsr |= 1u << 24; }
        if (Chance(0.3)) { fcsr |= (uint)_rng.Next(32) << 7; }
        fcsr |= (uint)_rng.Next(32) << 2;
        fcsr |= Bits32() & 0xfe800000u;
        return fcsr;
    }

    /// <summary>An FPR number; with FR = 0 and a double operand, odd only sometimes (RI must agree).</summary>
    public int Reg(bool fr, bool isDouble) => !fr && isDouble && !Chance(0.05) ? _rng.Next(16) * 2 : _rng.Next(32);

    private static uint CanonicalQuiet32(uint v) =>
        (v & 0x7f800000) == 0x7f800000 && (v & 0x007fffff) != 0 && (v & 0x00400000) == 0 ? 0x7fbfffffu : v;

    private static ulong CanonicalQuiet64(ulong v) =>
        (v & 0x7ff0000000000000) == 0x7ff0000000000000 && (v & 0x000fffffffffffff) != 0 && (v & 0x0008000000000000) == 0
            ? 0x7ff7ffffffffffffUL
            : v;
}
