using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// What the interpreter's profile decides. Regions take in only blocks that have run (RegionPlan.Build's hasRun): a hot
/// loop's region leaves out the code after the loop, which had not run when the loop got hot, so its exit leaves the
/// region there; with a threshold of 1 there is no profile yet, and the region takes in every reachable block. A block
/// start gets hot sooner when long pieces are interpreted from it (JitEngine.AddPieceHeat). Either way the run ends as
/// the interpreter's does.
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

    [Theory]
    [InlineData(true, 160, true)]
    [InlineData(false, 160, true)]
    [InlineData(true, 4, false)]
    [InlineData(false, 4, false)]
    public void LoopBody_GetsHotSooner_TheLongerItIs(bool bigEndian, int bodyLength, bool compiled)
    {
        // 20 iterations against a threshold of 64 executions: only the long body's extra heat (one per 16 instructions
        // interpreted from its start) makes it hot.
        uint[] program =
        [
            Addiu(S0, Zero, 20),
            .. Enumerable.Repeat(Addiu(V0, V0, 1), bodyLength), // loop head
            Addiu(S0, S0, -1),
            Bne(S0, Zero, -(bodyLength + 2)),
            Nop,
            Beq(Zero, Zero, -1),
            Nop,
        ];
        var (a, b, jit) = RegionChainTests.Pair(bigEndian, t => t.Load(program), threshold: 64);
        using (a)
        using (b)
        {
            a.Cpu.Run(20 * (bodyLength + 3) + 50);
            b.Cpu.Run(20 * (bodyLength + 3) + 50);
            Assert.Equal(RegionChainTests.State(a), RegionChainTests.State(b));
            Assert.Equal((uint)(20 * bodyLength), b[V0]);
            Assert.Equal(compiled, jit.Stats.RegionsCompiled > 0);
        }
    }
}
