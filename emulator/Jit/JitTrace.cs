namespace Emu.Emulator.Jit;

/// <summary>Translator events for the tracing provider (filled in when the Jit keyword exists).</summary>
internal static class JitTrace
{
    public static void RegionCompiled(int vcpuId, uint pc, int instructions, int entries, long compileTicks)
    {
        _ = (vcpuId, pc, instructions, entries, compileTicks);
    }

    public static void RegionsInvalidated(int vcpuId, int count)
    {
        _ = (vcpuId, count);
    }
}
