using System.Buffers.Binary;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Tests.Infrastructure;

/// <summary>
/// A vCPU on a bare bus (4 MiB RAM at GPA 0, a recording device at GPA 0x1f000000) for unit tests.
/// Code is placed at kseg0 <see cref="CodeBase"/>; the CPU starts in kernel mode with BEV=0, ERL=0 and
/// EBase=0x80000000, so exceptions go to 0x80000000/0x80000180/0x80000200.
/// </summary>
public sealed class TestCpu : IDisposable
{
    public const uint CodeBase = 0x80010000;
    public const uint DataBase = 0x80020000;
    public const uint GeneralVector = 0x80000180;
    public const uint RefillVector = 0x80000000;

    public TestCpu(bool bigEndian = true, int tlbEntries = 16, int cpuNum = 0, int codeCachePages = CodeCache.DefaultMaxPages)
    {
        BigEndian = bigEndian;
        Bus = new PhysicalBus();
        Ram = Bus.AddRam("ram", 0, 4u << 20);
        Cpu = new Mips32Cpu(Bus, bigEndian, tlbEntries, cpuNum, codeCachePages: codeCachePages);
        Cpu.Reset(CodeBase);
        Cpu.WriteCp0(Cp0Register.Status, 0);
        // Fill the vectors with "branch to self" loops so a test can see which vector was taken.
        foreach (var v in new[] { RefillVector, GeneralVector, 0x80000200u })
        {
            Poke32(v, Asm.Beq(0, 0, -1));
            Poke32(v + 4, Asm.Nop);
        }
    }

    public bool BigEndian { get; }
    public PhysicalBus Bus { get; }
    public RamRegion Ram { get; }
    public Mips32Cpu Cpu { get; }

    public uint this[int reg]
    {
        get => Cpu.GetGpr(reg);
        set => Cpu.SetGpr(reg, value);
    }

    public void Poke32(uint va, uint value)
    {
        var span = Ram.AsSpan(va & 0x1fffffff, 4);
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(span, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        }
        Cpu.InvalidateCode(va & 0x1fffffff, 4);
    }

    public uint Peek32(uint va)
    {
        var span = Ram.AsSpan(va & 0x1fffffff, 4);
        return BigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public void PokeBytes(uint va, params byte[] bytes) => bytes.CopyTo(Ram.AsSpan(va & 0x1fffffff, bytes.Length));

    public byte[] PeekBytes(uint va, int length) => Ram.AsSpan(va & 0x1fffffff, length).ToArray();

    /// <summary>Places <paramref name="program"/> at <see cref="CodeBase"/> followed by a self-loop.</summary>
    public void Load(params uint[] program)
    {
        for (var i = 0; i < program.Length; i++)
        {
            Poke32(CodeBase + (uint)(i * 4), program[i]);
        }
        Poke32(CodeBase + (uint)(program.Length * 4), Asm.Beq(0, 0, -1));
        Poke32(CodeBase + (uint)(program.Length * 4) + 4, Asm.Nop);
        Cpu.Pc = CodeBase;
    }

    /// <summary>Runs exactly <paramref name="instructions"/> instructions (an exception counts as one).</summary>
    public void Step(int instructions = 1) => Cpu.Run(instructions);

    public uint Cp0(Cp0Register reg) => Cpu.ReadCp0(reg);

    public ExcCode LastExcCode => (ExcCode)((Cp0(Cp0Register.Cause) >> 2) & 0x1f);

    public bool LastBd => (Cp0(Cp0Register.Cause) & 0x80000000u) != 0;

    public long Exceptions(ExcCode code) => Cpu.ExceptionCounts[(int)code];

    public void Dispose()
    {
        Cpu.Dispose();
        Bus.Dispose();
    }
}
