using Emu.Emulator.Cp0;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Jit.RegionChainTests;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// Regions that span pages (RegionPlan, RegionEmitter.EmitPageCrossing): a caller's JAL to a callee on the next page,
/// and a loop that falls through from one page into the next, stay in one region, which checks the GvaCache fetch at
/// each jump onto another page. Each case runs on an interpreting vCPU and on a translating one and must end in the
/// same state; the cases change the code on the second page (a debugger-style write, a TLB remap; a guest store is
/// RegionChainTests' direct case), so a region that kept running the second page's old code would add the old increment.
/// </summary>
public sealed class RegionPageSpanTests
{
    // Threshold 4: the loop's first runs are interpreted, so the other page is in the GvaCache when the region is planned.
    private const int Threshold = 4;

    private static bool SpansPages(JitEngine jit) => jit.Regions.Any(r => r.Spans.Select(s => s.Code).Distinct().Count() > 1);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CallToTheNextPage_StaysInOneRegion(bool bigEndian)
    {
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, Callee, CalleeCode(3));
            t.Load(StoringCaller(200, -1, direct: true));
        }, Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal(600u, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(SpansPages(jit), "no region spans the caller's and the callee's pages");
            Assert.True(jit.Stats.Chains < 10, $"chains={jit.Stats.Chains}: calls and returns should stay in the region");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CalleeWrittenBetweenBatches_IsNotRunAgain(bool bigEndian)
    {
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, Callee, CalleeCode(1));
            t.Load(StoringCaller(100, -1, direct: true));
        }, Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(204);
            b.Cpu.Run(204);
            Assert.True(SpansPages(jit), "no region spans the caller's and the callee's pages before the write");
            var callsBefore = b[Asm.V0];
            a.Poke32(Callee, Asm.Addiu(Asm.V0, Asm.V0, 100));
            b.Poke32(Callee, Asm.Addiu(Asm.V0, Asm.V0, 100));
            Assert.False(SpansPages(jit), "the write to the callee's page left the region spanning it alive");
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal(callsBefore + (100 - callsBefore) * 100, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
        }
    }

    private const uint LoopVa = 0x00400fe0; // kuseg, mapped by TLB entry 0: the last 8 words of the even page
    private const uint PhysEven = 0x00034000, PhysOdd = 0x00036000, PhysOddNew = 0x00038000;

    private static uint Lo(uint pa) => ((pa >> 12) << 6) | (2u << 3) | 4u | 2u; // cacheable, dirty, valid

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoopAcrossAPageBoundary_LeavesWhenTheNextPageIsRemapped(bool bigEndian)
    {
        // The loop runs from the end of the even page into the odd one, which TLBWI remaps (by the guest, mid-loop) to
        // another physical page holding the same code with another increment. The region still holds both pages'
        // decoded code (nothing was written); only the crossing's GvaCache check can see that the fetch now finds
        // another page.
        const int iterations = 60, remapAt = 25;
        uint[] Odd(int increment) =>
        [
            Asm.Addiu(Asm.V0, Asm.V0, increment), // 0x00401000
            Asm.Bne(Asm.S0, Asm.Zero, -10), // back to LoopVa
            Asm.Nop,
            Asm.Beq(Asm.Zero, Asm.Zero, -1), // done: spin
            Asm.Nop,
        ];
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, 0x80000000 | PhysEven | (LoopVa & 0xfff),
            [
                Asm.Addiu(Asm.S0, Asm.S0, -1), // loop
                Asm.Bne(Asm.S0, Asm.S1, 3),
                Asm.Nop,
                Asm.Mtc0(Asm.T2, 3), // EntryLo1
                Asm.Tlbwi,
                Asm.Nop,
                Asm.Nop,
                Asm.Nop, // falls through into the odd page
            ]);
            Place(t, 0x80000000 | PhysOdd, Odd(1));
            Place(t, 0x80000000 | PhysOddNew, Odd(100));
            t.Cpu.WriteCp0(Cp0Register.Index, 0);
            t.Cpu.WriteCp0(Cp0Register.EntryHi, LoopVa & 0xffffe000);
            t.Cpu.WriteCp0(Cp0Register.EntryLo0, Lo(PhysEven));
            t.Cpu.WriteCp0(Cp0Register.EntryLo1, Lo(PhysOdd));
            t.Cpu.WriteCp0(Cp0Register.PageMask, 0);
            t.Load(
                Asm.Tlbwi,
                Asm.Lui(Asm.T9, (int)(LoopVa >> 16)),
                Asm.Ori(Asm.T9, Asm.T9, (int)(LoopVa & 0xffff)),
                Asm.Addiu(Asm.S0, Asm.Zero, iterations),
                Asm.Addiu(Asm.S1, Asm.Zero, remapAt),
                Asm.Addiu(Asm.T2, Asm.Zero, (int)Lo(PhysOddNew)),
                Asm.Jr(Asm.T9),
                Asm.Nop);
        }, Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(3000);
            b.Cpu.Run(3000);
            Assert.Equal(State(a), State(b));
            Assert.Equal((uint)((iterations - 1 - remapAt) * 1 + (remapAt + 1) * 100), b[Asm.V0]);
            Assert.True(SpansPages(jit), "no region spans the two pages");
        }
    }

    private const uint LastWordCallee = TestCpu.CodeBase - 12; // 0x8000fff4: its `jr ra` is its page's last word

    /// <summary>
    /// A caller loop (s0 = calls) calling a callee whose `jr ra` is the last word of the page before the caller's, so
    /// the delay slot is the caller's first word (a nop, or what the test writes there).
    /// </summary>
    private static void PrepareSlotOnCallerPage(TestCpu t, int calls)
    {
        Place(t, LastWordCallee, [Asm.Addiu(Asm.V0, Asm.V0, 3), Asm.Nop, Asm.Jr(Asm.Ra)]);
        t.Load(
            Asm.Nop, // the callee's delay slot
            Asm.Addiu(Asm.S0, Asm.Zero, calls),
            Asm.Nop,
            Asm.Nop,
            Asm.Text($"jal 0x{LastWordCallee:x8}", TestCpu.CodeBase + 16), // loop (index 4)
            Asm.Nop,
            Asm.Addiu(Asm.S0, Asm.S0, -1),
            Asm.Bne(Asm.S0, Asm.Zero, -4),
            Asm.Nop,
            Asm.Beq(Asm.Zero, Asm.Zero, -1), // done: spin
            Asm.Nop);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ReturnWithTheDelaySlotOnTheNextPage_StaysInTheRegion(bool bigEndian)
    {
        var (a, b, jit) = Pair(bigEndian, t => PrepareSlotOnCallerPage(t, 300), Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(3000);
            b.Cpu.Run(3000);
            Assert.Equal(900u, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(SpansPages(jit), "no region spans the callee's and the caller's pages");
            Assert.True(jit.Stats.Chains < 10, $"chains={jit.Stats.Chains}: returns through the slot should stay in the region");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void DelaySlotOnTheNextPage_WrittenBetweenBatches_IsNotRunStale(bool bigEndian)
    {
        // The slot is outside every block of the caller's page (the region does not cover it): only the run-time check
        // that the fetch of the slot finds the instruction translated can see the write.
        var (a, b, jit) = Pair(bigEndian, t => PrepareSlotOnCallerPage(t, 100), Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(400);
            b.Cpu.Run(400);
            Assert.True(SpansPages(jit), "no region spans the callee's and the caller's pages before the write");
            Assert.Equal(State(a), State(b));
            a.Poke32(TestCpu.CodeBase, Asm.Addiu(Asm.V1, Asm.V1, 1000));
            b.Poke32(TestCpu.CodeBase, Asm.Addiu(Asm.V1, Asm.V1, 1000));
            a.Cpu.Run(3000);
            b.Cpu.Run(3000);
            Assert.Equal(State(a), State(b));
            Assert.True(b[Asm.V1] >= 1000, "the rewritten delay slot never ran");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoopBranchInThePagesLastWord_ComesBackFromTheSlotOnTheNextPage(bool bigEndian)
    {
        const uint loop = TestCpu.CodeBase + 0xff0; // the loop's branch is the page's last word
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, loop,
            [
                Asm.Addiu(Asm.V0, Asm.V0, 5),
                Asm.Addiu(Asm.S0, Asm.S0, -1),
                Asm.Nop,
                Asm.Bne(Asm.S0, Asm.Zero, -4),
                Asm.Addiu(Asm.V1, Asm.V1, 7), // the slot: first word of the next page
                Asm.Beq(Asm.Zero, Asm.Zero, -1), // done: spin
                Asm.Nop,
            ]);
            t.Load(
                Asm.Addiu(Asm.S0, Asm.Zero, 200),
                Asm.Beq(Asm.Zero, Asm.Zero, (int)((loop - TestCpu.CodeBase - 8) / 4)),
                Asm.Nop);
        }, Threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(2000);
            b.Cpu.Run(2000);
            Assert.Equal(1000u, b[Asm.V0]);
            Assert.Equal(1400u, b[Asm.V1]);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.Chains < 10, $"chains={jit.Stats.Chains}: the loop should stay in its region");
        }
    }
}
