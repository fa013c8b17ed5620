using System.Buffers.Binary;
using System.Numerics;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;

namespace Emu.Emulator.Jit;

/// <summary>
/// The methods translated instructions call (from IL, inlined by RyuJIT where it can). Each mirrors the interpreter
/// exactly (<see cref="MulDiv"/>) or is the interpreter's own step. They live in this one small class, rather than being
/// looked up where they are defined, because RegionEmitter finds them by reflection: a lookup on Mips32Cpu, with its
/// hundreds of methods, or an overload resolved on BitOperations, took 0.3 ms each, at the first region of every run.
/// </summary>
internal static unsafe class JitHelpers
{
    /// <summary>DIV as <see cref="MulDiv.Div"/>: HI:LO packed in one value (HI in the upper word).</summary>
    public static ulong Div(uint rs, uint rt)
    {
        var s = default(CpuState);
        MulDiv.Div(&s, rs, rt);
        return ((ulong)s.Hi << 32) | s.Lo;
    }

    /// <summary>DIVU as <see cref="MulDiv.Divu"/>: HI:LO packed in one value.</summary>
    public static ulong Divu(uint rs, uint rt)
    {
        var s = default(CpuState);
        MulDiv.Divu(&s, rs, rt);
        return ((ulong)s.Hi << 32) | s.Lo;
    }

    /// <summary>ROTR/ROTRV (RyuJIT makes it one ror instruction).</summary>
    public static uint RotateRight(uint value, int count) => BitOperations.RotateRight(value, count);

    /// <summary>CLZ (CLO passes the complement).</summary>
    public static int LeadingZeroCount(uint value) => BitOperations.LeadingZeroCount(value);

    /// <summary>A big-endian guest's word in host order and back (one bswap or movbe).</summary>
    public static uint Swap32(uint value) => BinaryPrimitives.ReverseEndianness(value);

    /// <summary>A big-endian guest's halfword in host order and back.</summary>
    public static ushort Swap16(ushort value) => BinaryPrimitives.ReverseEndianness(value);

    /// <summary>MFC0 of a register the region does not read itself (<see cref="Mips32Cpu.RegionReadCp0"/>).</summary>
    public static uint ReadCp0(Mips32Cpu cpu, Cp0Register reg, long instret) => cpu.RegionReadCp0(reg, instret);

    // LL and SC, one per byte order (RegionEmitter.Linked): non-generic, so ReadyToRun precompiles them and the
    // instantiations they name. A region calling RegionStoreConditional<BigEndian> directly ran it as Tier-0 JIT code
    // until tiering caught up (5% of bench-llsc's CPU time), since no precompiled code named that instantiation.
    public static uint LoadLinkedBig(Mips32Cpu cpu, uint va, byte* host) => cpu.RegionLoadLinked<BigEndian>(va, host);
    public static uint LoadLinkedLittle(Mips32Cpu cpu, uint va, byte* host) => cpu.RegionLoadLinked<LittleEndian>(va, host);
    public static int StoreConditionalBig(Mips32Cpu cpu, uint va, uint value) => cpu.RegionStoreConditional<BigEndian>(va, value);
    public static int StoreConditionalLittle(Mips32Cpu cpu, uint va, uint value) => cpu.RegionStoreConditional<LittleEndian>(va, value);
}
