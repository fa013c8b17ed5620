using Emu.Emulator.Jit;
using Emu.Emulator.Tests.Infrastructure;

namespace Emu.Emulator.Tests.Jit;

/// <summary>
/// Regions compiled on the background worker (JitOptions.CompileInBackground): the vCPU keeps interpreting, installs a
/// region at a later batch start, and must still end exactly where the interpreter alone ends; a region planned from
/// code that changed before it was installed must never run.
/// </summary>
public sealed class BackgroundCompileTests
{
    /// <summary>v0 += 1 per iteration of a 7-instruction loop, s0 times.</summary>
    private static uint[] CountingLoop(int iterations) =>
    [
        Asm.Lui(Asm.S0, iterations >> 16),
        Asm.Ori(Asm.S0, Asm.S0, iterations & 0xffff),
        Asm.Addiu(Asm.V0, Asm.V0, 1), // loop (index 2): the word the second test rewrites
        Asm.Addiu(Asm.V1, Asm.V1, 3),
        Asm.Addiu(Asm.S0, Asm.S0, -1),
        Asm.Bne(Asm.S0, Asm.Zero, -4),
        Asm.Nop,
    ];

    private static (TestCpu Interpreted, TestCpu Translated, JitEngine Jit) Pair(bool bigEndian, uint[] program)
    {
        var interpreted = new TestCpu(bigEndian);
        var translated = new TestCpu(bigEndian);
        interpreted.Load(program);
        translated.Load(program);
        var jit = new JitEngine(translated.Cpu, new JitOptions { Threshold = 1, CompileInBackground = true });
        translated.Cpu.ExecutionEngine = jit;
        return (interpreted, translated, jit);
    }

    private static string State(TestCpu t) =>
        $"pc={t.Cpu.Pc:x8} npc={t.Cpu.NextPc:x8} bd={t.Cpu.InDelaySlot} retired={t.Cpu.InstructionsRetired} " +
        string.Join(" ", Enumerable.Range(0, 32).Select(i => t.Cpu.GetGpr(i).ToString("x8")));

    /// <summary>Waits (bounded) until the worker has handed back what the vCPU posted.</summary>
    private static void AwaitWorker(JitEngine jit)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!jit.CompiledWaiting && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(1);
        }
        Assert.True(jit.CompiledWaiting, "the compile worker handed nothing back in 30 s");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RegionCompiledInBackground_IsInstalled_AndEndsWhereTheInterpreterEnds(bool bigEndian)
    {
        var (a, b, jit) = Pair(bigEndian, CountingLoop(100_000));
        using (a)
        using (b)
        {
            a.Cpu.Run(200);
            b.Cpu.Run(200);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.PendingRegions > 0, "no region was handed to the worker");
            AwaitWorker(jit);
            a.Cpu.Run(1_000_000);
            b.Cpu.Run(1_000_000);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.RegionsCompiled > 0 && jit.Stats.InstructionsInRegions > 0,
                $"regions={jit.Stats.RegionsCompiled} in regions={jit.Stats.InstructionsInRegions}");
            Assert.Equal(0, jit.PendingRegions);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RegionPlannedFromCodeThatChanged_IsNeverInstalled(bool bigEndian)
    {
        // The loop's region is planned from `addiu v0, v0, 1`; the word becomes `addiu v0, v0, 100` (a debugger-style
        // write) while the region is with the worker. Installing it anyway would add 1 instead of 100 from then on.
        var (a, b, jit) = Pair(bigEndian, CountingLoop(10_000));
        using (a)
        using (b)
        {
            a.Cpu.Run(200);
            b.Cpu.Run(200);
            Assert.True(jit.PendingRegions > 0, "no region was handed to the worker");
            var loop = TestCpu.CodeBase + 8;
            a.Poke32(loop, Asm.Addiu(Asm.V0, Asm.V0, 100));
            b.Poke32(loop, Asm.Addiu(Asm.V0, Asm.V0, 100));
            Assert.Equal(0, jit.PendingRegions);
            AwaitWorker(jit);
            var before = b[Asm.V0];
            var left = b[Asm.S0];
            a.Cpu.Run(1_000_000);
            b.Cpu.Run(1_000_000);
            Assert.Equal(before + left * 100, b[Asm.V0]);
            Assert.Equal(State(a), State(b));
            Assert.True(jit.Stats.InstructionsInRegions > 0, "the rewritten loop was never compiled again");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RegionThatFailsToCompile_IsInterpreted_AndTheRunIsUnchanged(bool background)
    {
        // A translator bug (emission or RyuJIT throwing) must not reach the guest or end the run: the code it was for
        // runs in the interpreter from then on, and --stats counts the failure.
        using var a = new TestCpu(bigEndian: true);
        using var b = new TestCpu(bigEndian: true);
        a.Load(CountingLoop(50_000));
        b.Load(CountingLoop(50_000));
        var jit = new JitEngine(b.Cpu, new JitOptions { Threshold = 1, CompileInBackground = background, FailCompileForTest = _ => true });
        b.Cpu.ExecutionEngine = jit;
        a.Cpu.Run(200);
        b.Cpu.Run(200);
        if (background)
        {
            AwaitWorker(jit);
        }
        a.Cpu.Run(1_000_000);
        b.Cpu.Run(1_000_000);
        Assert.Equal(State(a), State(b));
        Assert.True(jit.Stats.CompileFailures > 0, "no compile failure was counted");
        Assert.Equal(0, jit.Stats.RegionsCompiled);
        Assert.Equal(0, jit.Stats.InstructionsInRegions);
        Assert.Equal(0, jit.PendingRegions);
    }
}
