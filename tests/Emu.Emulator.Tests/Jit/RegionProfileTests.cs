using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// Regions take in only blocks that have run (RegionPlan.Build's hasRun): a hot loop's region leaves out the code after
/// the loop, which had not run when the loop got hot, so its exit leaves the region there. With a threshold of 1 there is
/// no profile yet, and the region takes in every reachable block. Either way the run ends as the interpreter's does.
/// </summary>
public sealed class RegionProfileTests
{
    private const int LoopHead = 1;
    private const int LoopInstructions = 5; // addiu, xor, addiu, bne and its slot
    private const int AfterLoopInstructions = 4; // addiu, addu, the self-loop's beq and slot

    private static readonly uint[] Program =
    [
        Addiu(S0, Zero, 100),
        Addiu(V0, V0, 3), // loop head
        Xor(V1, V1, V0),
        Addiu(S0, S0, -1),
        Bne(S0, Zero, -4),
        Nop,
        Addiu(A0, A0, 7), // after the loop: not yet run when the loop gets hot
        Addu(A1, A0, V0),
        Beq(Zero, Zero, -1), // self-loop
        Nop,
    ];

    [Theory]
    [InlineData(true, 8)]
    [InlineData(false, 8)]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    public void LoopRegion_TakesInOnlyCodeThatRan_WhenThereIsAProfile(bool bigEndian, int threshold)
    {
        var (a, b, jit) = RegionChainTests.Pair(bigEndian, t => t.Load(Program), threshold);
        using (a)
        using (b)
        {
            a.Cpu.Run(2000);
            b.Cpu.Run(2000);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal(0u, b[S0]); // the loop ended, and the code after it ran
            Assert.Equal(7u, b[A0]);
            var loop = Assert.Single(jit.Regions, r => r.Pc == TestCpu.CodeBase + 4 * LoopHead);
            if (threshold > 1)
            {
                Assert.Equal(LoopInstructions, loop.Instructions);
            }
            else
            {
                // The code after the loop, and the nops after the self-loop's fall-through (up to the region cap).
                Assert.True(loop.Instructions >= LoopInstructions + AfterLoopInstructions, $"instructions={loop.Instructions}");
            }
        }
    }
}
