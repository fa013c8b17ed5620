namespace Emu.Emulator.Jit;

/// <summary>
/// One compiled region: blocks of one guest page reachable by direct branches from its first PC, entered at any
/// of its block starts.
/// </summary>
/// <remarks>
/// Keying (why a region can never run for the wrong code): a region hangs off the decoded page of one guest-physical
/// page (<see cref="JitPage"/>), so another physical page under the same virtual address never finds it; it is
/// valid only for the virtual page it was compiled for (<see cref="VirtualBase"/>: branch targets and link values
/// are baked in) and for the mode whose GvaCache tag bit it compares against (<see cref="ModeTag"/>: user vs kernel),
/// and both are checked on every lookup, so the same physical page reached at another virtual address or in the
/// other mode gets its own region. The ASID needs no key: a fetch reaches the region only through a GvaCache hit,
/// and the GvaCache is flushed on every ASID change. Endianness is fixed per vCPU (one JitEngine per vCPU, compiled
/// for its byte order).
/// </remarks>
internal sealed class Region(uint virtualBase, uint modeTag, int firstSlot, int endSlot, int[] entrySlots, RegionCode code, int instructions)
{
    public uint VirtualBase { get; } = virtualBase;
    public uint ModeTag { get; } = modeTag;
    /// <summary>Slots [FirstSlot, EndSlot) of the page hold every instruction the region translated.</summary>
    public int FirstSlot { get; } = firstSlot;
    public int EndSlot { get; } = endSlot;
    /// <summary>Block starts, by entry index.</summary>
    public int[] EntrySlots { get; } = entrySlots;
    public RegionCode Code { get; } = code;
    public int Instructions { get; } = instructions;
    /// <summary>The PC it was compiled for (entry 0).</summary>
    public uint Pc => VirtualBase | (uint)(EntrySlots[0] << 2);
    /// <summary>Guest instructions retired inside this region so far (vCPU thread writes; `monitor jit` reads it stopped).</summary>
    public long InstructionsRun;
}
