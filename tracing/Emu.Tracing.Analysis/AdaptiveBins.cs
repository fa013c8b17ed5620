namespace Emu.Tracing.Analysis;

/// <summary>
/// Time bins for one pass over a trace whose length is not known in advance: <see cref="Capacity"/> bins of
/// a width that doubles (merging neighbours) whenever an event falls past the last one. All series made
/// by one instance share the width, so they line up. Memory: Capacity counters per series.
/// </summary>
public sealed class AdaptiveBins(int capacity, double startMs, double initialWidthMs = 1)
{
    private readonly List<double[]> _series = [];

    public int Capacity { get; } = capacity;
    public double StartMs { get; } = startMs;
    public double WidthMs { get; private set; } = initialWidthMs;

    /// <summary>Bins in use: up to the latest event seen.</summary>
    public int Used { get; private set; }

    /// <summary>A new series (zeroed counters) that follows this instance's width changes.</summary>
    public double[] NewSeries()
    {
        var s = new double[Capacity];
        _series.Add(s);
        return s;
    }

    /// <summary>The bin of time <paramref name="ms"/>, widening all series first if it lies past the end.</summary>
    public int BinOf(double ms)
    {
        var offset = Math.Max(ms - StartMs, 0);
        while (offset >= WidthMs * Capacity)
        {
            foreach (var s in _series)
            {
                for (var i = 0; i < Capacity / 2; i++)
                {
                    s[i] = s[2 * i] + s[(2 * i) + 1];
                }
                Array.Clear(s, Capacity / 2, Capacity - (Capacity / 2));
            }
            WidthMs *= 2;
            Used = (Used + 1) / 2;
        }
        var bin = (int)(offset / WidthMs);
        Used = Math.Max(Used, bin + 1);
        return bin;
    }

    /// <summary>Centre of each used bin, in seconds since the session started.</summary>
    public double[] CentresSec() => [.. Enumerable.Range(0, Used).Select(i => (StartMs + ((i + 0.5) * WidthMs)) / 1000)];
}
