using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// The code cache is bounded, and when it drops every decoded page the translator drops everything it derived from
/// them (JitEngine.AllDropped). Then a page's bytes may change without any decoded code to invalidate, and its decoded
/// array may come back from the spares at the same address. The code that runs there must be the new bytes, never a
/// region compiled from the old ones.
/// </summary>
public sealed class RegionEvictionTests
{
    private const uint PageA = TestCpu.CodeBase, PageB = PageA + 0x1000, PageC = PageA + 0x2000;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CodeRewrittenWhileEvicted_RunsAsTheNewBytes(bool bigEndian)
    {
        // With room for two decoded pages: A's loop runs 3 times (a region at once, threshold 1), then B, then C evicts
        // both. C stores "addiu v0, v0, 100" over the loop's first word (no decoded code there to invalidate any more) and
        // runs the loop 5 more times: v0 = 3 + 5 * 100.
        void Prepare(TestCpu t)
        {
            t.Load(
                Addiu(S0, Zero, 3),
                Addiu(V0, V0, 1), // loop (A + 4)
                Addiu(S0, S0, -1),
                Bne(S0, Zero, -3),
                Nop,
                Bne(S1, Zero, 3), // second time round: done
                Nop,
                Text($"j 0x{PageB:x8}", PageA + 28),
                Nop,
                Beq(Zero, Zero, -1), // done
                Nop);
            RegionChainTests.Place(t, PageB, [Text($"j 0x{PageC:x8}", PageB), Nop]);
            RegionChainTests.Place(t, PageC, [Sw(T3, T4, 4), Addiu(S0, Zero, 5), Addiu(S1, Zero, 1), Text($"j 0x{PageA + 4:x8}", PageC + 12), Nop]);
            t[T3] = Addiu(V0, V0, 100);
            t[T4] = PageA;
        }
        var (a, b, jit) = RegionChainTests.Pair(bigEndian, Prepare, codeCachePages: 2);
        using (a)
        using (b)
        {
            a.Cpu.Run(200);
            b.Cpu.Run(200);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal(3u + (5 * 100), b[V0]);
            Assert.True(b.Cpu.CodeCacheUsage.Evictions > 0, "the code cache never evicted");
            Assert.True(jit.Stats.RegionsInvalidated > 0, "no region was dropped with the decoded pages");
        }
    }
}
