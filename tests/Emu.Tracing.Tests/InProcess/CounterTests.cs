using Emu.Emulator;
using Emu.Emulator.Loaders;
using Emu.Integration.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>The counter registry: readers are summed per name and published as EventCounters.</summary>
public class CounterTests
{
    [Fact]
    public void RegisteredReaders_AreSummed_AndSurviveUnregistration_AsARunningTotal()
    {
        var spec = new CounterSpec("test-sum-rate", "Test sum", "things", IsRate: true);
        var a = EmuKvmCounters.Register(spec, () => 10);
        var b = EmuKvmCounters.Register(spec, () => 5);
        Assert.Equal(15, EmuKvmCounters.Read("test-sum-rate"));
        a.Dispose();
        Assert.Equal(15, EmuKvmCounters.Read("test-sum-rate")); // a's 10 is retired, not lost
        b.Dispose();
        Assert.Equal(15, EmuKvmCounters.Read("test-sum-rate"));
    }

    [Fact]
    public void AReaderRemovedBeforeAnyTotalWasSeen_IsNotReadAgain()
    {
        // No session polled and nobody read the total: there is no history to keep monotonic, so a removed reader is
        // not called one last time (emu's exit removes every reader of every counter).
        var spec = new CounterSpec("test-unseen-rate", "Test unseen", "things", IsRate: true);
        var calls = 0;
        var a = EmuKvmCounters.Register(spec, () => { calls++; return 10; });
        a.Dispose();
        Assert.Equal(0, calls);
        using var b = EmuKvmCounters.Register(spec, () => 5);
        Assert.Equal(5, EmuKvmCounters.Read("test-unseen-rate"));
    }

    [Fact]
    public void Machine_PublishesGuestMipsAndExits_ToAListener()
    {
        var image = ElfLoader.Load(Path.Combine(RepoPaths.Root, "tools", "guest", "prebuilt", "be", "demo.elf"));
        using var machine = Machine.FromElf(image, new MachineOptions());
        machine.Run();
        Assert.True(EmuKvmCounters.Read(CounterSpec.GuestMips.Name) >= machine.Cpu.InstructionsRetired / 1e6);
        using var rec = new EventRecorder(EmuKvmEventSource.Keywords.Cpu, System.Diagnostics.Tracing.EventLevel.Informational, counterIntervalSec: 1);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !rec.Counters.Any(c => (string?)c["Name"] == "exit-rate"))
        {
            Thread.Sleep(100);
        }
        var names = rec.Counters.Select(c => (string?)c["Name"]).ToHashSet();
        Assert.Contains("guest-mips", names);
        Assert.Contains("exit-rate", names);
        Assert.Contains("tlb-refill-rate", names);
    }

    [Fact]
    public void MachineWithTheJit_PublishesItsRegionsAndBailouts()
    {
        var image = ElfLoader.Load(Path.Combine(RepoPaths.Root, "tools", "guest", "prebuilt", "be", "demo.elf"));
        using var machine = Machine.FromElf(image, new MachineOptions { Jit = new Emulator.Jit.JitOptions { Threshold = 1 } });
        machine.Run();
        var stats = Assert.IsType<Emulator.Jit.JitEngine>(machine.Cpu.ExecutionEngine).Stats;
        Assert.True(stats.RegionsCompiled > 0);
        // Other tests' machines may add their own readers: this machine's share is a lower bound.
        Assert.True(EmuKvmCounters.Read(CounterSpec.JitRegions.Name) >= stats.RegionsCompiled);
        Assert.True(EmuKvmCounters.Read(CounterSpec.JitBailouts.Name) >= stats.Bailouts);
        Assert.True(EmuKvmCounters.Read(CounterSpec.JitCompileMs.Name) > 0);
        Assert.Contains(CounterSpec.JitInterpretedPercent.Name, EmuKvmCounters.Names);
    }
}
