using System.Runtime.InteropServices;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// One slot of the per-vCPU derived mapping "guest virtual page → host page" (KVM's shadow/GVA
/// mappings; DESIGN.md GvaCache). Tags are the page's base address | <see cref="GvaCache.UserTagBit"/> in user
/// mode (<see cref="GvaCache.TagOf"/>), so kernel and user views coexist. A write tag is present only for pages that
/// are dirty in the guest TLB, writable on the host and hold no decoded code. Filled in two places only, the data path
/// (Mips32Cpu.FillGvaCache) and the fetch path (Mips32Cpu.FetchPage), each from one translation.
/// </summary>
/// <remarks>
/// Padded to 32 bytes (<see cref="GvaCache.EntryShift"/>): translated code finds an entry's offset from a VA with one
/// shift and one mask instead of a shift, a mask and a multiply by 24, on every load and store.
/// </remarks>
[StructLayout(LayoutKind.Sequential, Size = 1 << GvaCache.EntryShift)]
public unsafe struct GvaCacheEntry
{
    public uint ReadTag;
    public uint WriteTag;
    public byte* Host;
    /// <summary>Decoded instructions of the page once it has been executed, else null.</summary>
    public DecodedInst* Code;
    /// <summary>
    /// The guest-physical frame the tags' page translated to when the entry was filled, for LL's LLAddr and SC's
    /// code-page test on a hit (a TLB write or ASID change flushes the entry, so it is what a translation would give now).
    /// </summary>
    public uint Gfn;
}
