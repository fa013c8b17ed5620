using System.Runtime.InteropServices;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Direct-mapped software TLB of <see cref="Entries"/> slots (native memory; the interpreter indexes it
/// with a pointer). Filled on misses by <see cref="Mips32Cpu"/> from the guest TLB and the memory front
/// door; flushed on guest TLB writes, ASID changes, ERL changes and host-side invalidations.
/// Touched only by its vCPU thread: other threads request a flush and the vCPU performs it.
/// </summary>
public sealed unsafe class GvaCache : IDisposable
{
    /// <summary>
    /// 4096 slots (128 KiB): at 1024, pages 4 MiB apart evicted each other, and Linux's XZ decompressor alone missed
    /// 2.5M times on its stack and its probability tables (each miss a region bail-out and a refill). Measured on
    /// Debian's boot under --clock insns: bail-outs 6.9M → 4.4M, CPU 9.25–9.69 → 9.08–9.21 s; `emu bench` unchanged.
    /// </summary>
    public const int Entries = 4096;
    /// <summary>
    /// The user-mode bit of a tag, in the page-offset bits a tag leaves clear (above the two an alignment test uses).
    /// </summary>
    public const uint UserTagBit = 1u << 4;
    public const uint InvalidTag = 0xffffffff;
    /// <summary>log2 of sizeof(<see cref="GvaCacheEntry"/>).</summary>
    public const int EntryShift = 5;

    /// <summary>Byte offset of <paramref name="va"/>'s entry in <see cref="Table"/>: (va &gt;&gt; 7) &amp; 0x7fe0.</summary>
    public static uint OffsetOf(uint va) => (va >> (12 - EntryShift)) & ((Entries - 1) << EntryShift);

    public GvaCacheEntry* Table { get; }

    public GvaCache()
    {
        System.Diagnostics.Debug.Assert(sizeof(GvaCacheEntry) == 1 << EntryShift);
        Table = (GvaCacheEntry*)NativeMemory.AlignedAlloc((nuint)(Entries * sizeof(GvaCacheEntry)), 64);
        FlushAll();
    }

    public static int SlotOf(uint va) => (int)((va >> 12) & (Entries - 1));

    /// <summary>
    /// The tag an entry holds for <paramref name="va"/>'s page under <paramref name="mode"/> (0 in kernel mode,
    /// <see cref="UserTagBit"/> in user mode): the page's base address with the mode bit, the one definition every fill
    /// uses. Hit checks compare a tag with <see cref="KeyOf"/>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static uint TagOf(uint va, uint mode) => (va & PageMask) | mode;

    /// <summary>
    /// What a hit check compares with a tag for an access of <paramref name="size"/> bytes (1, 2 or 4) at
    /// <paramref name="va"/>: the page base, the mode bit and the address bits an aligned access has clear, which a tag
    /// never has set, so one compare tests both the page and the alignment (as QEMU's softmmu TLB compare does): a
    /// misaligned access misses and takes the slow path, which raises its address error.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static uint KeyOf(uint va, int size, uint mode) => (va & (PageMask | (uint)(size - 1))) | mode;

    /// <summary>The page-base bits of a virtual address.</summary>
    public const uint PageMask = 0xfffff000;

    public void FlushAll()
    {
        for (var i = 0; i < Entries; i++)
        {
            Table[i] = new GvaCacheEntry { ReadTag = InvalidTag, WriteTag = InvalidTag };
        }
    }

    /// <summary>
    /// Drops write permission for guest frame <paramref name="gfn"/> under every virtual address that has it (the
    /// frame just became code: stores to it must take the slow path, which keeps decoded code coherent). Other entries
    /// keep theirs and their read tags (see Vm.CodePageCreated, which no longer flushes a lone vCPU's whole cache).
    /// </summary>
    public void DropWrites(uint gfn)
    {
        for (var i = 0; i < Entries; i++)
        {
            if (Table[i].WriteTag != InvalidTag && Table[i].Gfn == gfn)
            {
                Table[i].WriteTag = InvalidTag;
            }
        }
    }

    /// <summary>Drops every entry's decoded-code pointer (the code cache dropped its pages).</summary>
    public void ForgetCode()
    {
        for (var i = 0; i < Entries; i++)
        {
            Table[i].Code = null;
        }
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(Table);
    }
}
