using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Guest byte order as a type parameter: the interpreter is generic over it, so the JIT compiles one
/// specialised loop per endianness with the byte swaps inlined (no per-access test of a flag).
/// Guest memory always holds bytes in guest order, exactly as real RAM would.
/// </summary>
public unsafe interface IEndian
{
    static abstract bool IsBigEndian { get; }
    static abstract uint Load32(byte* p);
    static abstract ushort Load16(byte* p);
    static abstract void Store32(byte* p, uint value);
    static abstract void Store16(byte* p, ushort value);
}

public unsafe struct BigEndian : IEndian
{
    public static bool IsBigEndian => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load32(byte* p) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<uint>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Load16(byte* p) => BinaryPrimitives.ReverseEndianness(Unsafe.ReadUnaligned<ushort>(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store32(byte* p, uint value) => Unsafe.WriteUnaligned(p, BinaryPrimitives.ReverseEndianness(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store16(byte* p, ushort value) => Unsafe.WriteUnaligned(p, BinaryPrimitives.ReverseEndianness(value));
}

public unsafe struct LittleEndian : IEndian
{
    public static bool IsBigEndian => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Load32(byte* p) => Unsafe.ReadUnaligned<uint>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Load16(byte* p) => Unsafe.ReadUnaligned<ushort>(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store32(byte* p, uint value) => Unsafe.WriteUnaligned(p, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store16(byte* p, ushort value) => Unsafe.WriteUnaligned(p, value);
}
