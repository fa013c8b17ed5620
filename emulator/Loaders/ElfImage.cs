namespace Emu.Emulator.Loaders;

/// <summary>A loadable segment: bytes to place at a guest physical address, zero-filled to MemSize.</summary>
public sealed record ElfSegment(uint PhysicalAddress, uint VirtualAddress, byte[] Data, uint MemSize);

/// <summary>A parsed ELF32 MIPS executable.</summary>
public sealed record ElfImage(bool BigEndian, uint Entry, IReadOnlyList<ElfSegment> Segments)
{
    /// <summary>The file the image came from (argv[0] of the YAMON boot protocol, as QEMU passes the -kernel name).</summary>
    public string Name { get; init; } = "";
}

/// <summary>A file that is not a loadable ELF32 MIPS executable; the message says why, in one line.</summary>
public sealed class ElfLoadException(string message) : Exception(message);
