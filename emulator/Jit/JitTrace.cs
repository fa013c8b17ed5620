using System.Diagnostics;
using Emu.Tracing;

namespace Emu.Emulator.Jit;

/// <summary>
/// Translator events for the tracing provider (keyword Jit, EmuKvmEventSource.Jit.cs). Each call tests the keyword
/// first (a field load), so a run without a Jit session pays nothing per region.
/// </summary>
internal static class JitTrace
{
    /// <summary>Reason of a drop caused by decoded slots of the region's page going away (SMC, gdb write, unmap).</summary>
    public const string CodeChanged = "code-changed";
    /// <summary>Reason of a drop caused by the vCPU's whole code cache being dropped.</summary>
    public const string CacheDropped = "cache-dropped";

    public static void RegionCompiled(int vcpuId, Region region, long compileTicks)
    {
        if (EmuKvmTrace.JitEnabled)
        {
            EmuKvmTrace.RegionCompiled(vcpuId, region.Pc, region.Instructions, region.EntrySlots.Length,
                compileTicks * 1_000_000 / Stopwatch.Frequency);
        }
    }

    public static void RegionInvalidated(int vcpuId, Region region, string reason)
    {
        if (EmuKvmTrace.JitEnabled)
        {
            EmuKvmTrace.RegionInvalidated(vcpuId, region.Pc, region.Instructions, reason);
        }
    }
}
