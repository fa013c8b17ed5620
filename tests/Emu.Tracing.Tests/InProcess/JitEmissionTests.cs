using System.Diagnostics.Tracing;
using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>
/// Jit keyword: the translator reports each region it compiles (its PC and size, as JitStats counts them) and each
/// region it drops when the guest stores into the code under it.
/// </summary>
public class JitEmissionTests
{
    private static List<EventWrittenEventArgs> For(EventRecorder r, int vcpu, string name) =>
        [.. r.Named(name).Where(e => (int)e.Payload![0]! == vcpu)];

    [Fact]
    public void HotLoop_GivesRegionCompiled_AndAStoreIntoItGivesRegionInvalidated()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        const int Loops = 20;
        var decrement = Addiu(T0, T0, -1);
        t[T1] = TestCpu.CodeBase;
        t[T3] = decrement; // the same word: the store changes no behaviour, only drops the translation
        uint[] program =
        [
            Addiu(T0, Zero, Loops),
            decrement,              // loop:
            Bne(T0, Zero, -2),      //   bne t0, zero, loop
            Nop,
            Sw(T3, T1, 4),          // store over "loop", inside the region compiled there
            Addiu(T2, Zero, 7),
            J(TestCpu.CodeBase + 24), // j . (the region's last block: its only successor is itself)
            Nop,
        ];
        t.Load(program);
        const uint LoopHead = TestCpu.CodeBase + 4;
        var jit = new JitEngine(t.Cpu, new JitOptions { Threshold = 1 });
        t.Cpu.ExecutionEngine = jit;
        using var rec = new EventRecorder(Keywords.Jit);

        t.Step(1 + (3 * Loops) + 2 + 10);

        Assert.Equal(7u, t[T2]); // the run reached the end
        var compiled = For(rec, vcpu, "RegionCompiled");
        Assert.Equal(jit.Stats.RegionsCompiled, compiled.Count);
        Assert.Equal(jit.Stats.InstructionsCompiled, compiled.Sum(e => (int)e.Payload![2]!));
        // The first block start dispatched once the page is decoded is the loop head (the first pass is interpreted).
        // RegionPlan's blocks from there: the loop (3 instructions), its fall-through to the closing "j ." and its
        // slot (4), and the j's target block (2: blocks may overlap, each counts its own instructions).
        var first = Assert.Single(compiled, e => (ulong)e.Payload![1]! == LoopHead);
        var size = (int)first.Payload![2]!;
        Assert.Equal(3 + 4 + 2, size);
        Assert.True((int)first.Payload[3]! >= 2, "entered at the loop head and after the loop");
        Assert.True((long)first.Payload[4]! >= 0);
        Assert.Equal(EventLevel.Verbose, first.Level);

        var dropped = For(rec, vcpu, "RegionInvalidated");
        Assert.Equal(jit.Stats.RegionsInvalidated, dropped.Count);
        var drop = Assert.Single(dropped, e => (ulong)e.Payload![1]! == LoopHead);
        Assert.Equal(size, (int)drop.Payload![2]!);
        Assert.Equal("code-changed", (string)drop.Payload[3]!);
    }

    [Fact]
    public void WithoutTheJitKeyword_NothingIsEmitted()
    {
        using var t = TestCpuWithId.Create(out _);
        t.Load(Addiu(T0, Zero, 5), Addiu(T0, T0, -1), Bne(T0, Zero, -2), Nop);
        var jit = new JitEngine(t.Cpu, new JitOptions { Threshold = 1 });
        t.Cpu.ExecutionEngine = jit;
        using var rec = new EventRecorder(AllKeywords & ~Keywords.Jit);
        t.Step(16);
        Assert.True(jit.Stats.RegionsCompiled > 0);
        Assert.Empty(rec.Named("RegionCompiled")); // a listener gets only the keywords it enabled
    }
}
