using Emu.Tracing.Analysis;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>What every complete trace of one emu run must show, whichever tool recorded it.</summary>
public static class TraceAssertions
{
    public static TraceData ExitsMatch(string nettrace, SortedDictionary<int, long> expected, bool wholeRun = true)
    {
        Assert.True(File.Exists(nettrace), $"no trace at {nettrace}");
        var data = EmuTraceReader.ReadFile(nettrace);
        var exits = new SortedDictionary<int, long>(data.Of<ExitRecord>().GroupBy(e => (int)e.Reason).ToDictionary(g => g.Key, g => g.LongCount()));
        Assert.Equal(expected, exits);
        Assert.Equal(0, data.EventsLost);
        Assert.Equal(0, data.SeqGapEvents);
        if (wholeRun)
        {
            // Captured from the first instruction: the vCPU's first event is kvm_enter with seq 1.
            var first = data.Of<VcpuRecord>().MinBy(r => r.Seq)!;
            Assert.Equal(1, first.Seq);
            Assert.Equal(VcpuTransition.Enter, Assert.IsType<VcpuTransitionRecord>(first).Kind);
            Assert.Single(data.Of<VcpuTransitionRecord>(), t => t.Kind == VcpuTransition.Out);
        }
        return data;
    }
}
