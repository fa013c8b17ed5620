namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// An IEEE-754 binary interchange format as the soft-float layer needs it: field widths, bias, and the
/// MIPS legacy default NaN (MIPS32 Vol I §6.5.3: with FCSR.NAN2008 = 0 a quiet NaN has the fraction's
/// most significant bit clear, so the default NaN is 0x7fbfffff / 0x7ff7ffffffffffff, as QEMU's
/// float32_default_nan for snan_bit_is_one targets).
/// </summary>
internal sealed class FloatFormat
{
    public static readonly FloatFormat Single = new(23, 8, 0x7fbfffffUL);
    public static readonly FloatFormat Double = new(52, 11, 0x7ff7ffffffffffffUL);

    private FloatFormat(int fracBits, int expBits, ulong defaultNaN)
    {
        FracBits = fracBits;
        ExpBits = expBits;
        Bias = (1 << (expBits - 1)) - 1;
        MaxBiasedExp = (1 << expBits) - 1;
        FracMask = (1UL << fracBits) - 1;
        SignBit = 1UL << (fracBits + expBits);
        DefaultNaN = defaultNaN;
        MaxFinite = ((ulong)(MaxBiasedExp - 1) << fracBits) | FracMask;
        Infinity = (ulong)MaxBiasedExp << fracBits;
    }

    /// <summary>Stored fraction bits (23 / 52); the precision p is FracBits + 1.</summary>
    public int FracBits { get; }
    public int ExpBits { get; }
    public int Bias { get; }
    public int MaxBiasedExp { get; }
    public ulong FracMask { get; }
    public ulong SignBit { get; }
    public ulong DefaultNaN { get; }
    public ulong MaxFinite { get; }
    public ulong Infinity { get; }

    /// <summary>Exponent of the smallest normal number (1 - bias).</summary>
    public int EMin => 1 - Bias;

    public ulong Zero(bool sign) => sign ? SignBit : 0;

    public ulong Inf(bool sign) => Infinity | Zero(sign);

    /// <summary>Splits an encoding into class, sign and an exact value Sig × 2^Exp (Sig normalised to p bits).</summary>
    public Unpacked Unpack(ulong bits)
    {
        var sign = (bits & SignBit) != 0;
        var e = (int)((bits >> FracBits) & (ulong)MaxBiasedExp);
        var frac = bits & FracMask;
        if (e == MaxBiasedExp)
        {
            if (frac == 0)
            {
                return new Unpacked(FloatClass.Inf, sign, 0, 0);
            }
            // Legacy MIPS NaN: fraction MSB set means signalling.
            var snan = (frac >> (FracBits - 1)) != 0;
            return new Unpacked(snan ? FloatClass.SNaN : FloatClass.QNaN, sign, 0, frac);
        }
        if (e == 0)
        {
            if (frac == 0)
            {
                return new Unpacked(FloatClass.Zero, sign, 0, 0);
            }
            var shift = FracBits - (63 - System.Numerics.BitOperations.LeadingZeroCount(frac));
            return new Unpacked(FloatClass.Finite, sign, EMin - FracBits - shift, frac << shift);
        }
        return new Unpacked(FloatClass.Finite, sign, e - Bias - FracBits, frac | (1UL << FracBits));
    }
}

internal enum FloatClass : byte
{
    Zero,
    Finite,
    Inf,
    QNaN,
    SNaN,
}

/// <summary>An unpacked operand: for <see cref="FloatClass.Finite"/> the value is (-1)^Sign × Sig × 2^Exp.</summary>
internal readonly record struct Unpacked(FloatClass Class, bool Sign, int Exp, ulong Sig)
{
    public bool IsNaN => Class >= FloatClass.QNaN;
}
