using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing;

/// <summary>Emission of the translator events (one per region compiled or dropped; the guard is a field load).</summary>
public static partial class EmuKvmTrace
{
    public static bool JitEnabled
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => s_log.IsEnabled(EventLevel.Verbose, Keywords.Jit);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RegionCompiled(int vcpu, uint pc, int instructions, int entries, long compileUs)
    {
        if (JitEnabled)
        {
            s_log.RegionCompiled(vcpu, pc, instructions, entries, compileUs);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RegionInvalidated(int vcpu, uint pc, int instructions, string reason)
    {
        if (JitEnabled)
        {
            s_log.RegionInvalidated(vcpu, pc, instructions, reason);
        }
    }
}
