using System.Buffers.Binary;
using Emu.Emulator.Loaders;

namespace Emu.Emulator.Tests.Loaders;

public class ElfLoaderTests
{
    /// <summary>A minimal ELF32 executable with one PT_LOAD segment.</summary>
    private static byte[] MakeElf(bool bigEndian, ushort machine = 8, uint paddr = 0x00100000, uint vaddr = 0x80100000, byte[]? data = null)
    {
        data ??= [1, 2, 3, 4];
        var file = new byte[52 + 32 + data.Length];
        "\u007fELF"u8.ToArray().CopyTo(file, 0);
        file[4] = 1;
        file[5] = bigEndian ? (byte)2 : (byte)1;
        file[6] = 1;
        void W16(int at, ushort v) { if (bigEndian) { BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), v); } }
        void W32(int at, uint v) { if (bigEndian) { BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), v); } else { BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), v); } }
        W16(16, 2);
        W16(18, machine);
        W32(20, 1);
        W32(24, vaddr);
        W32(28, 52);
        W16(40, 52);
        W16(42, 32);
        W16(44, 1);
        W32(52, 1);
        W32(56, 84);
        W32(60, vaddr);
        W32(64, paddr);
        W32(68, (uint)data.Length);
        W32(72, (uint)data.Length + 16);
        data.CopyTo(file, 84);
        return file;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parses_ByteOrderEntryAndSegments(bool bigEndian)
    {
        var image = ElfLoader.Parse(MakeElf(bigEndian));
        Assert.Equal(bigEndian, image.BigEndian);
        Assert.Equal(0x80100000u, image.Entry);
        var seg = Assert.Single(image.Segments);
        Assert.Equal(0x00100000u, seg.PhysicalAddress);
        Assert.Equal(20u, seg.MemSize);
    }

    [Fact]
    public void UsesPhysicalAddress_EvenWhenVirtualIsZero()
    {
        var image = ElfLoader.Parse(MakeElf(true, paddr: 0x80200000, vaddr: 0));
        Assert.Equal(0x00200000u, image.Segments[0].PhysicalAddress);
    }

    [Fact]
    public void RejectsNonMips()
    {
        var e = Assert.Throws<ElfLoadException>(() => ElfLoader.Parse(MakeElf(false, machine: 62)));
        Assert.Contains("not a MIPS", e.Message);
    }

    [Fact]
    public void RejectsBadMagic()
    {
        Assert.Throws<ElfLoadException>(() => ElfLoader.Parse("#!/bin/sh\n"u8.ToArray()));
    }

    [Fact]
    public void RejectsTruncatedSegment()
    {
        var file = MakeElf(true, data: new byte[64]);
        var e = Assert.Throws<ElfLoadException>(() => ElfLoader.Parse(file.AsSpan(0, 100)));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void EveryTruncation_GivesLoadErrorNotCrash()
    {
        var file = MakeElf(true);
        for (var n = 0; n < file.Length; n++)
        {
            Assert.Throws<ElfLoadException>(() => ElfLoader.Parse(file.AsSpan(0, n)));
        }
    }
}
