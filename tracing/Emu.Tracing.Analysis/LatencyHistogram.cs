namespace Emu.Tracing.Analysis;

/// <summary>
/// Count, sum, min, max and percentiles of durations in fixed memory: log-linear buckets (as HdrHistogram
/// does) keeping the top 6 bits of a value, so a percentile is within 1/32 (3%) below the true value
/// whatever the count; count, sum, min and max are exact.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBits = 6;
    private const int Sub = 1 << SubBits;
    private readonly long[] _buckets = new long[64 * Sub];

    public long Count { get; private set; }
    public long SumNs { get; private set; }
    public long MinNs { get; private set; } = long.MaxValue;
    public long MaxNs { get; private set; }

    public double MeanNs => Count == 0 ? 0 : (double)SumNs / Count;

    public void Add(long ns)
    {
        ns = Math.Max(ns, 0);
        Count++;
        SumNs += ns;
        MinNs = Math.Min(MinNs, ns);
        MaxNs = Math.Max(MaxNs, ns);
        _buckets[Index(ns)]++;
    }

    /// <summary>The nearest-rank percentile (p in 0..1), as the lower bound of its bucket clamped to [min, max].</summary>
    public long Percentile(double p)
    {
        if (Count == 0)
        {
            return 0;
        }
        var rank = Math.Clamp((long)Math.Ceiling(p * Count), 1, Count);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += _buckets[i];
            if (seen >= rank)
            {
                return Math.Clamp(LowerBound(i), MinNs, MaxNs);
            }
        }
        return MaxNs;
    }

    private static int Index(long v)
    {
        if (v < Sub)
        {
            return (int)v;
        }
        // Shift so the mantissa keeps SubBits bits: it lies in [Sub/2, Sub), and (shift, mantissa) is unique.
        var shift = 63 - (int)long.LeadingZeroCount(v) - (SubBits - 1);
        return (shift * Sub) + (int)(v >> shift);
    }

    private static long LowerBound(int index)
    {
        if (index < Sub)
        {
            return index;
        }
        return (long)(index % Sub) << (index / Sub);
    }
}
