using System.Diagnostics.Tracing;

namespace Emu.Tracing;

/// <summary>
/// Snapshot and replay events (keyword <see cref="Keywords.Snapshot"/>): a machine snapshot taken or loaded, with its
/// position in guest time (vCPU 0's retired instructions) and its cost; a replay that left its recording.
/// </summary>
public sealed unsafe partial class EmuKvmEventSource
{
    [Event(EventIds.SnapshotTaken, Level = EventLevel.Informational, Keywords = Keywords.Snapshot, Message = "snapshot at instruction {0}")]
    public void SnapshotTaken(long instructions, long pages, int stateBytes, long durationNs)
    {
        var d = stackalloc EventData[4];
        d[0] = Field(&instructions, 8);
        d[1] = Field(&pages, 8);
        d[2] = Field(&stateBytes, 4);
        d[3] = Field(&durationNs, 8);
        WriteEventCore(EventIds.SnapshotTaken, 4, d);
    }

    [Event(EventIds.SnapshotRestored, Level = EventLevel.Informational, Keywords = Keywords.Snapshot, Message = "snapshot of instruction {0} loaded")]
    public void SnapshotRestored(long instructions, int pagesChanged, long durationNs)
    {
        var d = stackalloc EventData[3];
        d[0] = Field(&instructions, 8);
        d[1] = Field(&pagesChanged, 4);
        d[2] = Field(&durationNs, 8);
        WriteEventCore(EventIds.SnapshotRestored, 3, d);
    }

    [Event(EventIds.ReplayDivergence, Level = EventLevel.Warning, Keywords = Keywords.Snapshot, Message = "replay diverged at instruction {0}: {2}")]
    public void ReplayDivergence(long instructions, long expectedInstructions, string what)
    {
        fixed (char* n = what)
        {
            var d = stackalloc EventData[3];
            d[0] = Field(&instructions, 8);
            d[1] = Field(&expectedInstructions, 8);
            d[2] = Text(n, what);
            WriteEventCore(EventIds.ReplayDivergence, 3, d);
        }
    }
}
