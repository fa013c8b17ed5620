using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing;

/// <summary>Emission of the snapshot and replay events (rare: one per snapshot, load or divergence).</summary>
public static partial class EmuKvmTrace
{
    public static bool SnapshotEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Informational, Keywords.Snapshot);
    }

    public static void SnapshotTaken(long instructions, long pages, int stateBytes, long durationNs)
    {
        if (SnapshotEnabled)
        {
            s_log.SnapshotTaken(instructions, pages, stateBytes, durationNs);
        }
    }

    public static void SnapshotRestored(long instructions, int pagesChanged, long durationNs)
    {
        if (SnapshotEnabled)
        {
            s_log.SnapshotRestored(instructions, pagesChanged, durationNs);
        }
    }

    public static void ReplayDivergence(long instructions, long expectedInstructions, string what)
    {
        if (s_log.IsEnabled(EventLevel.Warning, Keywords.Snapshot))
        {
            s_log.ReplayDivergence(instructions, expectedInstructions, what);
        }
    }
}
