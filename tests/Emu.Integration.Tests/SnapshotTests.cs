using System.Text;
using Emu.Emulator;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Loaders;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Whole-machine snapshots (emulator/Snapshot) on a real guest built by the cross toolchain: a snapshot taken mid-run
/// brings back registers, memory and devices, and the guest's continuation after a load is the continuation after
/// the save, byte for byte.
/// </summary>
public class SnapshotTests
{
    private sealed class Console
    {
        public readonly List<byte> Bytes = [];

        public string Text => Encoding.ASCII.GetString([.. Bytes]);
    }

    private static Machine Boot(string endian, Console console) =>
        Machine.FromElf(ElfLoader.Load(GuestBuild.Elf(endian, "rr-count")), new MachineOptions
        {
            RamSize = 16u << 20,
            ConsoleOut = console.Bytes.Add,
            RtcPowerOn = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        });

    private static uint[] Registers(Mips32Cpu cpu) =>
        [.. Enumerable.Range(0, 32).Select(cpu.GetGpr), cpu.Pc, cpu.NextPc, cpu.Hi, cpu.Lo, cpu.ReadCp0(Cp0Register.Status),
            cpu.ReadCp0(Cp0Register.Cause), cpu.ReadCp0(Cp0Register.Compare), cpu.ReadCp0(Cp0Register.Epc)];

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void SaveRunLoad_BringsBackTheMachine_AndTheSameContinuation(string endian)
    {
        var console = new Console();
        using var m = Boot(endian, console);
        Assert.Equal(StopReason.InstructionLimit, m.Run(1_000_000));
        var linesAtSave = console.Bytes.Count;
        Assert.Contains("count ", console.Text);
        var registers = Registers(m.Cpu);
        var hash = m.StateHash();
        var instret = m.Cpu.InstructionsRetired;

        using var snapshot = m.SaveSnapshot("mid");
        Assert.Equal(instret, snapshot.Instructions);
        Assert.Equal(StopReason.Halted, m.Run(50_000_000));
        var firstContinuation = console.Text[linesAtSave..];
        Assert.EndsWith("rr-count: done\n", firstContinuation);
        Assert.NotEqual(hash, m.StateHash());

        var changed = m.LoadSnapshot(snapshot);
        Assert.True(changed > 0, "the run after the save wrote guest memory (its stack and globals)");
        Assert.Equal(registers, Registers(m.Cpu));
        Assert.Equal(instret, m.Cpu.InstructionsRetired);
        Assert.Equal(hash, m.StateHash());
        Assert.False(m.Cpu.HaltRequested);

        console.Bytes.Clear();
        Assert.Equal(StopReason.Halted, m.Run(50_000_000));
        Assert.Equal(firstContinuation, console.Text);
    }

    [SkippableFact]
    public void AutomaticHistory_StaysWithinItsBudget_DroppingTheOldestButKeepingTheStart()
    {
        var console = new Console();
        using var m = Boot("be", console);
        // 16 KiB: a few snapshots' worth of rewritten pages (the guest's stack and globals) and device state.
        using var store = new Emu.Emulator.Snapshot.SnapshotStore(m, every: 50_000, memoryBudgetBytes: 16 << 10);
        var hook = new Emu.Emulator.Snapshot.AutoSnapshotHook(store);
        hook.Install(m);
        Assert.Equal(StopReason.InstructionLimit, m.Run(2_000_000));

        Assert.Equal(40, store.Taken); // at 0, 50,000, ..., 1,950,000 (the run stops at 2,000,000 before its hook)
        Assert.True(store.Dropped > 0, "the budget forced drops");
        var history = store.History;
        Assert.Equal(store.Taken - store.Dropped, history.Count);
        Assert.Equal(0, history[0].Instructions);
        Assert.All(history, s => Assert.Equal(0, s.Instructions % 50_000));
        Assert.Equal(history.OrderBy(s => s.Instructions).Select(s => s.Instructions), history.Select(s => s.Instructions));
    }

    [SkippableFact]
    public void ASnapshot_CanBeLoadedAgainAndAgain_AndCostsOnlyThePagesWrittenAfterIt()
    {
        var console = new Console();
        using var m = Boot("be", console);
        m.Run(200_000);
        using var snapshot = m.SaveSnapshot("a");
        var hash = m.StateHash();
        var frames = m.HostMm.FramesInUse;
        m.Run(100_000);
        // The guest writes a handful of pages (stack, globals); RAM is 4096 pages.
        var copied = m.HostMm.FramesInUse - frames;
        Assert.InRange(copied, 1, 64);
        for (var i = 0; i < 3; i++)
        {
            m.LoadSnapshot(snapshot);
            Assert.Equal(hash, m.StateHash());
            m.Run(100_000 * (i + 1));
        }
    }
}
