using System.Diagnostics.Tracing;
using Emu.Emulator;
using Emu.Emulator.Loaders;
using Emu.Integration.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>Snapshot keyword: one SnapshotTaken per save and one SnapshotRestored per load, at the right guest time.</summary>
public class SnapshotEmissionTests
{
    [Fact]
    public void SaveAndLoad_EmitOneEventEach_WithTheirInstructionCount()
    {
        var image = ElfLoader.Load(Path.Combine(RepoPaths.GuestSources, "prebuilt", "be", "demo.elf"));
        using var m = Machine.FromElf(image, new MachineOptions { RamSize = 16u << 20 });
        m.Run(20_000);
        using var rec = new EventRecorder(Keywords.Snapshot, EventLevel.Informational);
        using var snapshot = m.SaveSnapshot("t");
        var at = m.Cpu.InstructionsRetired;
        m.Run(20_000);
        m.LoadSnapshot(snapshot);

        var taken = Assert.Single(rec.Named("SnapshotTaken"));
        Assert.Equal(at, (long)taken.Payload![0]!);
        Assert.Equal(snapshot.Pages, (long)taken.Payload[1]!);
        Assert.Equal(snapshot.StateBytes, (int)taken.Payload[2]!);
        var restored = Assert.Single(rec.Named("SnapshotRestored"));
        Assert.Equal(at, (long)restored.Payload![0]!);
        Assert.True((int)restored.Payload[1]! > 0, "the run after the save wrote guest pages");
    }
}
