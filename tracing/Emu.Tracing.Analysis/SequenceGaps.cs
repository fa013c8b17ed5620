namespace Emu.Tracing.Analysis;

/// <summary>A run of per-vCPU sequence numbers absent from a trace: events that were emitted but lost.</summary>
public sealed record SequenceGap(int Vcpu, long AfterSeq, long Missing);

/// <summary>
/// Finds lost per-vCPU events: each vCPU numbers the events it emits 1, 2, 3... (VcpuSequence), so
/// any jump in the collected numbers is a loss, even when EventPipe itself reports none. A trace that
/// starts mid-run begins at some seq &gt; 1; only jumps after the first collected event count.
/// </summary>
public static class SequenceGaps
{
    public static IReadOnlyList<SequenceGap> Find(IEnumerable<EmuKvmRecord> records)
    {
        var gaps = new List<SequenceGap>();
        foreach (var vcpu in records.OfType<VcpuRecord>().GroupBy(r => r.Vcpu))
        {
            long? last = null;
            foreach (var seq in vcpu.Select(r => r.Seq).Order())
            {
                if (last is { } l && seq > l + 1)
                {
                    gaps.Add(new SequenceGap(vcpu.Key, l, seq - l - 1));
                }
                last = seq;
            }
        }
        return gaps;
    }
}
