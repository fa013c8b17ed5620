namespace Emu.Tracing.Analysis;

/// <summary>
/// Passes on one record in <c>n</c> of each event kind (the 1st, the n+1st, ...), so a sampled timeline
/// keeps every kind, rare ones included, in its proportions.
/// </summary>
public sealed class EverySampler(int n, Action<EmuKvmRecord> next)
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public void Add(EmuKvmRecord r)
    {
        var name = TraceReport.EventName(r);
        var k = _seen.GetValueOrDefault(name);
        _seen[name] = k + 1;
        if (k % n == 0)
        {
            next(r);
        }
    }
}
