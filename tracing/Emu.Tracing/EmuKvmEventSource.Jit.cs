using System.Diagnostics.Tracing;

namespace Emu.Tracing;

/// <summary>
/// Translator events (keyword <see cref="Keywords.Jit"/>): a region of hot guest code compiled to host code, and a
/// region dropped because the decoded code under it went away (self-modifying code, a gdb write or breakpoint, an
/// unmapped or reclaimed page). Verbose: a Linux boot compiles thousands of regions, and dotnet-counters enables
/// the provider at Informational.
/// </summary>
public sealed unsafe partial class EmuKvmEventSource
{
    [Event(EventIds.RegionCompiled, Level = EventLevel.Verbose, Keywords = Keywords.Jit, Message = "vCPU {0} compiled region at {1}: {2} instructions")]
    public void RegionCompiled(int vcpu, ulong pc, int instructions, int entries, long compileUs)
    {
        var d = stackalloc EventData[5];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&pc, 8);
        d[2] = Field(&instructions, 4);
        d[3] = Field(&entries, 4);
        d[4] = Field(&compileUs, 8);
        WriteEventCore(EventIds.RegionCompiled, 5, d);
    }

    [Event(EventIds.RegionInvalidated, Level = EventLevel.Verbose, Keywords = Keywords.Jit, Message = "vCPU {0} dropped region at {1}: {3}")]
    public void RegionInvalidated(int vcpu, ulong pc, int instructions, string reason)
    {
        fixed (char* n = reason)
        {
            var d = stackalloc EventData[4];
            d[0] = Field(&vcpu, 4);
            d[1] = Field(&pc, 8);
            d[2] = Field(&instructions, 4);
            d[3] = Text(n, reason);
            WriteEventCore(EventIds.RegionInvalidated, 4, d);
        }
    }
}
