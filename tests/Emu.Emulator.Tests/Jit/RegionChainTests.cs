using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// Region-to-region chaining (RegionEmitter.Chain): a caller on one page calls (JALR: an indirect jump always leaves a
/// region) a callee on another page in a loop, so the caller's exit and the callee's return chain to each other. Each case runs on an interpreting vCPU and on a
/// translating one (threshold 1) and must end in the same state; the cases change the callee under a chain that has
/// already been taken (a guest store, a debugger-style write between batches, a TLB remap of the callee's page), so a
/// chain that jumped to a dropped region, or to the region of the page mapped before, would add the old increment.
/// </summary>
public sealed class RegionChainTests
{
    internal const uint Callee = 0x80011000; // kseg0, the page after TestCpu.CodeBase
    private const uint MappedVa = 0x00400000; // kuseg, mapped by TLB entry 0 (kernel mode, ERL=0)
    private const uint PhysOld = 0x00030000;
    private const uint PhysNew = 0x00032000;

    internal static uint[] CalleeCode(int increment) => [Asm.Addiu(Asm.V0, Asm.V0, increment), Asm.Jr(Asm.Ra), Asm.Nop];

    internal static void Place(TestCpu t, uint va, uint[] words)
    {
        for (var i = 0; i < words.Length; i++)
        {
            t.Poke32(va + (uint)(4 * i), words[i]);
        }
    }

    /// <summary>
    /// s0 = calls; loop: call the callee (jalr t1, or jal when <paramref name="direct"/>); s0--; when s0 == s1, store t0
    /// at 0(t1) (a code word of the callee); repeat.
    /// </summary>
    internal static uint[] StoringCaller(int calls, int storeAt, bool direct = false) =>
    [
        Asm.Addiu(Asm.S0, Asm.Zero, calls),
        Asm.Addiu(Asm.S1, Asm.Zero, storeAt),
        Asm.Lui(Asm.T1, (int)(Callee >> 16)),
        Asm.Ori(Asm.T1, Asm.T1, (int)(Callee & 0xffff)),
        direct ? Asm.Text($"jal 0x{Callee:x8}", TestCpu.CodeBase + 16) : Asm.Jalr(Asm.Ra, Asm.T1), // loop (index 4)
        Asm.Nop,
        Asm.Addiu(Asm.S0, Asm.S0, -1),
        Asm.Bne(Asm.S0, Asm.S1, 2),
        Asm.Nop,
        Asm.Sw(Asm.T0, Asm.T1, 0),
        Asm.Bne(Asm.S0, Asm.Zero, -7),
        Asm.Nop,
    ];

    /// <summary>An interpreting and a translating vCPU prepared alike.</summary>
    internal static (TestCpu Interpreted, TestCpu Translated, JitEngine Jit) Pair(bool bigEndian, Action<TestCpu> prepare, int threshold = 1,
        int codeCachePages = CodeCache.DefaultMaxPages)
    {
        var interpreted = new TestCpu(bigEndian, codeCachePages: codeCachePages);
        var translated = new TestCpu(bigEndian, codeCachePages: codeCachePages);
        prepare(interpreted);
        prepare(translated);
        var jit = new JitEngine(translated.Cpu, new JitOptions { Threshold = threshold });
        translated.Cpu.ExecutionEngine = jit;
        return (interpreted, translated, jit);
    }

    internal static string State(TestCpu t) =>
        $"pc={t.Cpu.Pc:x8} npc={t.Cpu.NextPc:x8} bd={t.Cpu.InDelaySlot} retired={t.Cpu.InstructionsRetired} " +
        string.Join(" ", Enumerable.Range(0, 32).Select(i => t.Cpu.GetGpr(i).ToString("x8")));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CallsAcrossPages_Chain_AndMatchTheInterpreter(bool bigEndian)
    {
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, Callee, CalleeCode(3));
            t.Load(StoringCaller(200, -1)); // s1 = -1: s0 never reaches it, nothing is stored
        });
        using (a)
        using (b)
        {
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal(600u, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            // 200 calls and 200 returns: all but the first few go region to region.
            Assert.True(jit.Stats.Chains >= 300, $"chains={jit.Stats.Chains}");
        }
    }

    /// <param name="direct">
    /// Call with JAL (the caller's region then spans the callee's page: the store must drop it from both pages;
    /// threshold 4, so that the callee's page is in the GvaCache when the caller's region is planned) instead of JALR.
    /// </param>
    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void ChainedCallee_RewrittenByAGuestStore_IsNotRunAgain(bool bigEndian, bool direct)
    {
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, Callee, CalleeCode(1));
            t.Load(StoringCaller(40, 20, direct));
            t[Asm.T0] = Asm.Addiu(Asm.V0, Asm.V0, 100);
        }, threshold: direct ? 4 : 1);
        using (a)
        using (b)
        {
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal(20u * 1 + 20u * 100, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.RegionsInvalidated > 0 && (direct || jit.Stats.Chains > 20),
                $"invalidated={jit.Stats.RegionsInvalidated} chains={jit.Stats.Chains}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChainedCallee_WrittenBetweenBatches_IsNotRunAgain(bool bigEndian)
    {
        // What a debugger's memory write (or a loader) does: the bytes change and the vCPU's decoded code is invalidated
        // while it is stopped, after the chain from the caller to the callee has been taken many times.
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, Callee, CalleeCode(1));
            t.Load(StoringCaller(100, -1));
        });
        using (a)
        using (b)
        {
            // 4 set-up instructions and 20 calls of 10 instructions: both stop at the loop head, a block start of the
            // caller's region, so the next batch enters that region and takes its (now stale) chain slot to the callee.
            a.Cpu.Run(204);
            b.Cpu.Run(204);
            Assert.Equal(TestCpu.CodeBase + 16, b.Cpu.Pc);
            var chainsBefore = jit.Stats.Chains;
            var callsBefore = b[Asm.V0];
            Assert.True(chainsBefore > 0, "no chain before the write");
            a.Poke32(Callee, Asm.Addiu(Asm.V0, Asm.V0, 100));
            b.Poke32(Callee, Asm.Addiu(Asm.V0, Asm.V0, 100));
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal(callsBefore + (100 - callsBefore) * 100, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.Chains > chainsBefore, "no chain after the write");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ChainAcrossPages_IsNotTaken_WhenThePageIsMappedElsewhere(bool bigEndian)
    {
        // The callee's virtual page is remapped by TLBWI to another physical page holding other code; the chain slot
        // still names the (valid) region of the old physical page. Once the GvaCache holds the new mapping again, the
        // slot's PC and the fetch tag both match: only the decoded page differs, and the chain must not be taken.
        const int calls = 20, remapAt = 10;
        var (a, b, jit) = Pair(bigEndian, t =>
        {
            Place(t, 0x80000000 | PhysOld, CalleeCode(1));
            Place(t, 0x80000000 | PhysNew, CalleeCode(100));
            WriteTlbEntry(t, MappedVa, Lo(PhysOld));
            t.Load(
                Asm.Lui(Asm.T9, (int)(MappedVa >> 16)),
                Asm.Addiu(Asm.T2, Asm.Zero, (int)Lo(PhysNew)),
                Asm.Addiu(Asm.S0, Asm.Zero, calls),
                Asm.Addiu(Asm.S1, Asm.Zero, remapAt),
                Asm.Jalr(Asm.Ra, Asm.T9), // loop (index 4)
                Asm.Nop,
                Asm.Addiu(Asm.S0, Asm.S0, -1),
                Asm.Bne(Asm.S0, Asm.S1, 3),
                Asm.Nop,
                Asm.Mtc0(Asm.T2, 2), // EntryLo0
                Asm.Tlbwi,
                Asm.Bne(Asm.S0, Asm.Zero, -8),
                Asm.Nop);
        });
        using (a)
        using (b)
        {
            a.Cpu.Run(5000);
            b.Cpu.Run(5000);
            Assert.Equal((uint)((calls - remapAt) * 1 + remapAt * 100), b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.Chains > 0, "no chain taken");
        }
    }

    internal static uint Lo(uint pa) => ((pa >> 12) << 6) | (2u << 3) | 4u | 2u; // cacheable, dirty, valid

    /// <summary>TLB entry 0 maps the even page of <paramref name="va"/> (the odd one stays invalid), through CP0 and TLBWI.</summary>
    internal static void WriteTlbEntry(TestCpu t, uint va, uint lo0)
    {
        t.Cpu.WriteCp0(Cp0Register.Index, 0);
        t.Cpu.WriteCp0(Cp0Register.EntryHi, va);
        t.Cpu.WriteCp0(Cp0Register.EntryLo0, lo0);
        t.Cpu.WriteCp0(Cp0Register.EntryLo1, 0);
        t.Cpu.WriteCp0(Cp0Register.PageMask, 0);
        t.Load(Asm.Tlbwi);
        t.Step();
    }
}
