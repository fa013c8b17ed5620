using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// LL/SC in regions (RegionEmitter.Linked.cs): each case runs on an interpreting vCPU and on a translating one
/// (threshold 1) and must end in the same state — GPRs, PC/NextPc/delay slot, retired count, the whole link (LLbit,
/// linked address and bytes, LLAddr), exceptions and the linked word. The cases with a loop also check that LL and SC
/// ran inside regions (they used to end every region), so the comparison is not the interpreter against itself.
/// </summary>
public sealed class RegionLinkedTests
{
    private const uint Word = TestCpu.DataBase;
    private const uint Initial = 0x11223344;

    private static (TestCpu Interpreted, TestCpu Translated, JitEngine Jit) Pair(bool bigEndian, uint[] program, Action<TestCpu>? prepare = null)
    {
        var interpreted = new TestCpu(bigEndian);
        var translated = new TestCpu(bigEndian);
        foreach (var t in new[] { interpreted, translated })
        {
            t.Load(program);
            t.Poke32(Word, Initial);
            t.Poke32(Word + 4, 0x55667788);
            prepare?.Invoke(t);
        }
        var jit = new JitEngine(translated.Cpu, new JitOptions { Threshold = 1 });
        translated.Cpu.ExecutionEngine = jit;
        return (interpreted, translated, jit);
    }

    private static string State(TestCpu t)
    {
        var c = t.Cpu;
        var exceptions = string.Join(",", c.ExceptionCounts.Select((n, i) => (n, i)).Where(p => p.n != 0).Select(p => $"{(ExcCode)p.i}={p.n}"));
        return $"pc={c.Pc:x8} npc={c.NextPc:x8} bd={c.InDelaySlot} retired={c.InstructionsRetired} link={c.LinkState} " +
               $"lladdr={t.Cp0(Cp0Register.LlAddr):x8} epc={t.Cp0(Cp0Register.Epc):x8} cause={t.Cp0(Cp0Register.Cause):x8} " +
               $"badvaddr={t.Cp0(Cp0Register.BadVAddr):x8} exceptions={exceptions} word={t.Peek32(Word):x8}\n" +
               string.Join(" ", Enumerable.Range(0, 32).Select(i => c.GetGpr(i).ToString("x8")));
    }

    /// <summary>Runs both for <paramref name="budget"/> instructions and compares them.</summary>
    private static void RunBoth(TestCpu a, TestCpu b, int budget)
    {
        var r1 = a.Cpu.Run(budget);
        var r2 = b.Cpu.Run(budget);
        Assert.Equal(r1, r2);
        Assert.Equal(State(a), State(b));
    }

    /// <summary>s0 = loops, s1 = &amp;word; loop: <paramref name="body"/>; s0--; until 0. The body starts at index 2.</summary>
    private static uint[] Loop(int loops, params uint[] body) =>
    [
        Addiu(S0, Zero, loops),
        Lui(S1, (int)(Word >> 16)),
        .. body,
        Addiu(S0, S0, -1),
        Bne(S0, Zero, -(body.Length + 2)),
        Nop,
    ];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AtomicIncrementLoop_StaysInRegions_AndMatchesTheInterpreter(bool bigEndian)
    {
        // The spinlock/atomic shape: ll; addiu; sc; beqz (retry); each SC succeeds.
        var (a, b, jit) = Pair(bigEndian, Loop(200, Ll(T0, S1, 0), Addiu(T0, T0, 1), Sc(T0, S1, 0), Beq(T0, Zero, -4), Nop));
        using (a)
        using (b)
        {
            RunBoth(a, b, 5000);
            Assert.Equal(Initial + 200, b.Peek32(Word));
            Assert.True(b.Cpu.LinkState.Va == Word && !b.Cpu.LinkState.LlBit, b.Cpu.LinkState.ToString());
            Assert.Equal((Word & 0x1fffffff) >> 4, b.Cp0(Cp0Register.LlAddr));
            // Only the first block and the budget's end are interpreted; an LL or SC that left its region would add 200.
            Assert.True(jit.Stats.InstructionsInterpreted < 20 && jit.Stats.Bailouts < 5,
                $"interpreted={jit.Stats.InstructionsInterpreted} bailouts={jit.Stats.Bailouts}");
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void ScWithoutLinkToItsWord_FailsAndStoresNothing(bool bigEndian, bool linkAnotherWord)
    {
        // No LL at all (LLbit clear from reset), or an LL of the next word: SC compares the address, fails, stores nothing.
        uint[] program = Loop(50, Sc(T0, S1, 0), Addu(S2, S2, T0), Addiu(T0, Zero, 0x1234));
        if (linkAnotherWord)
        {
            program = [Lui(T3, (int)(Word >> 16)), Ll(T4, T3, 4), .. program];
        }
        var (a, b, jit) = Pair(bigEndian, program, t => t[T0] = 0x1234);
        using (a)
        using (b)
        {
            RunBoth(a, b, 3000);
            Assert.Equal(0u, b[S2]);
            Assert.Equal(Initial, b.Peek32(Word));
            Assert.Equal(linkAnotherWord, b.Cpu.LinkState.LlBit);
            Assert.True(jit.Stats.InstructionsInterpreted < 20, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoreToTheLinkedWord_FailsTheScOnlyWhenItChangedTheWord(bool bigEndian)
    {
        // sw t2 between LL and SC: the first time it changes the word (SC fails), the next time it writes the value LL read
        // (SC succeeds: the interpreter's compare-and-exchange model, and stores t2 + 1), and so on. s2 counts successes.
        var (a, b, jit) = Pair(bigEndian,
            Loop(40, Ll(T0, S1, 0), Sw(T2, S1, 0), Addiu(T0, T0, 1), Sc(T0, S1, 0), Addu(S2, S2, T0)),
            t => t[T2] = 0xcafe);
        using (a)
        using (b)
        {
            RunBoth(a, b, 3000);
            Assert.Equal(20u, b[S2]);
            Assert.Equal(0xcafeu + 1, b.Peek32(Word)); // the 40th SC succeeded
            Assert.True(jit.Stats.InstructionsInterpreted < 20, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true, 0x99u)]
    [InlineData(false, 0x99u)]
    [InlineData(true, Initial)]
    [InlineData(false, Initial)]
    public void StoreByAnotherAgentBetweenBatches_FailsTheTranslatedSc_WhenItChangedTheWord(bool bigEndian, uint stored)
    {
        // The LL runs in a region, the batch ends before the SC's block, the word is written from outside (another vCPU, a
        // device, the debugger), and the next batch enters the region at the SC's block.
        uint[] program =
        [
            Lui(S1, (int)(Word >> 16)),
            Lw(T3, S1, 0), // fills the GvaCache (read and write tags): the region's LL would bail on a miss
            Beq(Zero, Zero, 1),
            Nop,
            Ll(T0, S1, 0), // region from here
            Beq(Zero, Zero, 1),
            Nop,
            Addiu(T0, T0, 1), // the second batch starts here
            Sc(T0, S1, 0),
            Nop,
        ];
        var (a, b, jit) = Pair(bigEndian, program);
        using (a)
        using (b)
        {
            RunBoth(a, b, 7);
            Assert.Equal(7u * 4, b.Cpu.Pc - TestCpu.CodeBase);
            Assert.True(b.Cpu.LinkState.LlBit);
            a.Poke32(Word, stored);
            b.Poke32(Word, stored);
            RunBoth(a, b, 5); // the SC's block: addiu, sc, nop and the self-loop's branch and slot
            Assert.Equal(stored == Initial ? 1u : 0u, b[T0]);
            Assert.Equal(stored == Initial ? Initial + 1 : stored, b.Peek32(Word));
            Assert.True(jit.Stats.InstructionsInterpreted == 4, $"interpreted={jit.Stats.InstructionsInterpreted}"); // the first block
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ScAfterEret_FailsInTheRegion(bool bigEndian)
    {
        // ll; syscall (the handler skips it: EPC += 4; ERET clears LLbit); the SC after the return runs in a region (the
        // batch ERET ended restarts at the return point, which is no block start: the branch makes the SC's block one)
        // and must fail every time. The sw stores back what LL read, so only LLbit can make the SC fail, and it gives the
        // page its write tag back (decoding the handler's page dropped write tags): the SC's hit path runs, not a bail.
        var (a, b, jit) = Pair(bigEndian,
            Loop(30, Ll(T0, S1, 0), Syscall, Sw(T0, S1, 0), Beq(Zero, Zero, 1), Nop, Addiu(T0, T0, 1), Sc(T0, S1, 0), Addu(S2, S2, T0)),
            t =>
            {
                t.Poke32(TestCpu.GeneralVector, Mfc0(K1, 14));
                t.Poke32(TestCpu.GeneralVector + 4, Addiu(K1, K1, 4));
                t.Poke32(TestCpu.GeneralVector + 8, Mtc0(K1, 14));
                t.Poke32(TestCpu.GeneralVector + 12, Eret);
            });
        using (a)
        using (b)
        {
            RunBoth(a, b, 2000);
            Assert.Equal(30, b.Exceptions(ExcCode.Sys));
            Assert.Equal(0u, b[S2]);
            Assert.Equal(Initial, b.Peek32(Word));
            // Per pass the SYSCALL, the handler (4), the sw, the branch and its slot are interpreted (8); the LL's and SC's
            // blocks are not (5 more per pass).
            Assert.True(jit.Stats.InstructionsInterpreted < 30 * 9, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true, false, false, 1)]
    [InlineData(false, false, false, 2)]
    [InlineData(true, false, true, 3)]
    [InlineData(false, true, false, 2)]
    [InlineData(true, true, true, 1)]
    [InlineData(false, true, true, 3)]
    public void MisalignedLlOrSc_LeavesTheRegion_AndRaisesTheInterpretersAddressError(bool bigEndian, bool sc, bool inDelaySlot, int offset)
    {
        // After translated instructions of the same block (and, for SC, a link to the aligned word): AdEL for LL, AdES
        // for SC, with EPC, BD, BadVAddr and the retired count of the interpreter.
        var access = sc ? Sc(T0, S1, offset) : Ll(T0, S1, offset);
        uint[] program =
        [
            Lui(S1, (int)(Word >> 16)),
            Lw(T3, S1, 0), // fills the GvaCache: the LL below runs in the region
            Beq(Zero, Zero, 1),
            Nop,
            Ll(T2, S1, 0), // region from here
            Addiu(T1, Zero, 7),
            .. inDelaySlot ? new[] { Bne(T1, Zero, 1), access } : [access, Nop],
            Addiu(T1, Zero, 8),
        ];
        var (a, b, jit) = Pair(bigEndian, program);
        long? inRegionsAtException = null;
        b.Cpu.ExceptionObserver = (_, _, _) => inRegionsAtException ??= jit.Stats.InstructionsInRegions;
        using (a)
        using (b)
        {
            RunBoth(a, b, 100);
            Assert.Equal(1, b.Exceptions(sc ? ExcCode.AdES : ExcCode.AdEL));
            Assert.Equal(Word + (uint)offset, b.Cp0(Cp0Register.BadVAddr));
            Assert.Equal(inDelaySlot, b.LastBd);
            Assert.Equal(7u, b[T1]);
            // The region ran the LL and ADDIU (and the branch) before it, then left for the interpreter to raise it.
            Assert.Equal(inDelaySlot ? 3 : 2, inRegionsAtException);
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void LlAndScInDelaySlots_MatchTheInterpreter(bool bigEndian, bool likely)
    {
        // LL in the slot of an always-taken branch (likely or not), SC in the slot of a BNE taken but the last time (t5 = 1;
        // both ways lead to the next instruction): every SC succeeds, s2 counts them.
        var (a, b, jit) = Pair(bigEndian, Loop(25,
            likely ? Beql(Zero, Zero, 1) : Beq(Zero, Zero, 1),
            Ll(T0, S1, 0),
            Addiu(T0, T0, 1),
            Bne(S0, T5, 1),
            Sc(T0, S1, 0),
            Addu(S2, S2, T0)), t => t[T5] = 1);
        using (a)
        using (b)
        {
            RunBoth(a, b, 3000);
            Assert.Equal(25u, b[S2]);
            Assert.Equal(Initial + 25, b.Peek32(Word));
            Assert.True(jit.Stats.InstructionsInterpreted < 20, $"interpreted={jit.Stats.InstructionsInterpreted}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BudgetEndingAtEveryInstruction_OfALlScLoop_MatchesTheInterpreter(bool bigEndian)
    {
        // Batches of every length from 1 to 40 instructions: the budget check and each bail's retired count around LL/SC.
        for (var budget = 1; budget <= 40; budget++)
        {
            var (a, b, _) = Pair(bigEndian, Loop(30, Ll(T0, S1, 0), Addiu(T0, T0, 3), Sc(T0, S1, 0), Beq(T0, Zero, -4), Nop));
            using (a)
            using (b)
            {
                for (var i = 0; i < 400 / budget + 1; i++)
                {
                    RunBoth(a, b, budget);
                }
            }
        }
    }
}
