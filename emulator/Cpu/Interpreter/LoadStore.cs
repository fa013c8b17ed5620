using System.Runtime.CompilerServices;

// Emu.Emulator.Cpu, not the folder's namespace: see Alu.cs.
namespace Emu.Emulator.Cpu;

/// <summary>
/// The load/store family's fast side (MIPS32 Vol II-A LB .. SW, LWL/LWR/SWL/SWR): the GvaCache hit tests the dispatch
/// (Mips32Cpu.Execute.cs) makes inline for aligned accesses (DESIGN.md "A guest load, step by step", step 1), the
/// sign and zero extensions, and the byte merges of the unaligned word pieces. A miss, a misaligned address, MMIO and
/// stores to code pages go to the vCPU's slow path (Mips32Cpu.Memory.cs, <c>Access</c>); LWL/LWR/SWL/SWR and LL/SC
/// always do (Mips32Cpu.LoadStore.cs, Mips32Cpu.Linked.cs).
/// </summary>
/// <remarks>
/// A hit needs the address aligned to the access size (else the slow path raises AdEL/AdES) and the slot's read or
/// write tag equal to <see cref="GvaCache.TagOf"/> of the address in the current mode. Write tags are never set on
/// watched pages or pages holding decoded code, so such stores always miss.
/// </remarks>
internal static unsafe class LoadStore
{
    // ---- Inline hits (aligned accesses whose page the slot maps with the needed permission) ----
    // Each returns false on a miss (a load then gives 0) and the caller takes the slow path. The access itself is
    // made inside the test, after the tag compare, so the hit path is the compare, the load or store, and no more.

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoad32<TE>(GvaCacheEntry* cache, uint va, uint mode, out uint value) where TE : struct, IEndian
    {
        var e = Slot(cache, va);
        if (e->ReadTag == GvaCache.KeyOf(va, 4, mode))
        {
            value = TE.Load32(e->Host + (va & 0xfff));
            return true;
        }
        value = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoad16<TE>(GvaCacheEntry* cache, uint va, uint mode, out uint value) where TE : struct, IEndian
    {
        var e = Slot(cache, va);
        if (e->ReadTag == GvaCache.KeyOf(va, 2, mode))
        {
            value = TE.Load16(e->Host + (va & 0xfff));
            return true;
        }
        value = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryLoad8(GvaCacheEntry* cache, uint va, uint mode, out uint value)
    {
        var e = Slot(cache, va);
        if (e->ReadTag == GvaCache.TagOf(va, mode))
        {
            value = e->Host[va & 0xfff];
            return true;
        }
        value = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStore32<TE>(GvaCacheEntry* cache, uint va, uint mode, uint value) where TE : struct, IEndian
    {
        var e = Slot(cache, va);
        if (e->WriteTag == GvaCache.KeyOf(va, 4, mode))
        {
            TE.Store32(e->Host + (va & 0xfff), value);
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStore16<TE>(GvaCacheEntry* cache, uint va, uint mode, uint value) where TE : struct, IEndian
    {
        var e = Slot(cache, va);
        if (e->WriteTag == GvaCache.KeyOf(va, 2, mode))
        {
            TE.Store16(e->Host + (va & 0xfff), (ushort)value);
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryStore8(GvaCacheEntry* cache, uint va, uint mode, uint value)
    {
        var e = Slot(cache, va);
        if (e->WriteTag == GvaCache.TagOf(va, mode))
        {
            e->Host[va & 0xfff] = (byte)value;
            return true;
        }
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static GvaCacheEntry* Slot(GvaCacheEntry* cache, uint va) => cache + ((va >> 12) & (GvaCache.Entries - 1));

    /// <summary>LH (sign-extends) and LHU (zero-extends).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Extend16(uint value, bool signed) => signed ? (uint)(short)value : (ushort)value;

    /// <summary>LB (sign-extends) and LBU (zero-extends).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Extend8(uint value, bool signed) => signed ? (uint)(sbyte)value : (byte)value;

    // ---- Unaligned word pieces (Vol II-A LWL, LWR, SWL, SWR) ----
    // k is the addressed byte's position counted from the most significant end of the aligned word: the address's
    // low two bits on big-endian, their complement on little-endian (ByteFromMsb). The word is the aligned word as a
    // value (already in the guest's byte order), so one formula serves both byte orders.

    /// <summary>The addressed byte's position from the most significant end of its aligned word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ByteFromMsb(uint va, bool bigEndian) => bigEndian ? (int)(va & 3) : 3 - (int)(va & 3);

    /// <summary>LWL: the word's bytes from k to the least significant end fill rt from its most significant end.</summary>
    public static uint Lwl(uint word, uint rt, int k)
    {
        var shift = 8 * k;
        return (word << shift) | (rt & ((1u << shift) - 1));
    }

    /// <summary>LWR: the word's bytes from the most significant end to k fill rt from its least significant end.</summary>
    public static uint Lwr(uint word, uint rt, int k)
    {
        var shift = 8 * (3 - k);
        return (word >> shift) | (rt & ~(0xffffffffu >> shift));
    }

    /// <summary>SWL: rt's most significant bytes replace the word's bytes from k to its least significant end.</summary>
    public static uint Swl(uint word, uint rt, int k)
    {
        var shift = 8 * k;
        return (rt >> shift) | (word & ~(0xffffffffu >> shift));
    }

    /// <summary>SWR: rt's least significant bytes replace the word's bytes from its most significant end to k.</summary>
    public static uint Swr(uint word, uint rt, int k)
    {
        var shift = 8 * (3 - k);
        return (rt << shift) | (word & ((1u << shift) - 1));
    }
}
