using System.Buffers.Binary;

namespace Emu.Emulator.Loaders;

/// <summary>
/// Reads ELF32 MIPS executables (System V gABI; MIPS psABI: EM_MIPS = 8) in either byte order, which is
/// taken from e_ident[EI_DATA]. Only PT_LOAD segments matter. Segments go to their physical address
/// masked to 29 bits (p_paddr &amp; 0x1fffffff), as QEMU's -kernel loader does for Malta: some real images
/// have p_vaddr 0 but a meaningful p_paddr.
/// </summary>
public static class ElfLoader
{
    private const int EhdrSize = 52;
    private const int PhdrSize = 32;
    private const ushort EmMips = 8;
    private const uint PtLoad = 1;
    private const ulong PhysicalSpace = 1UL << 29;

    /// <summary>
    /// The largest ELF file read (a vmlinux with debug information can be several times the 256 MiB of RAM;
    /// anything larger is refused before a byte is read).
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    public static ElfImage Parse(ReadOnlySpan<byte> file)
    {
        if (file.Length < 16 || file[0] != 0x7f || file[1] != (byte)'E' || file[2] != (byte)'L' || file[3] != (byte)'F')
        {
            throw new ElfLoadException("not an ELF file (bad magic)");
        }
        if (file[4] != 1)
        {
            throw new ElfLoadException(file[4] == 2 ? "64-bit ELF files are not supported (need ELF32)" : "bad ELF class");
        }
        var bigEndian = file[5] switch
        {
            1 => false,
            2 => true,
            _ => throw new ElfLoadException("bad ELF data encoding (neither little- nor big-endian)"),
        };
        if (file.Length < EhdrSize)
        {
            throw new ElfLoadException($"truncated ELF header ({file.Length} bytes)");
        }
        var type = U16(file, 16, bigEndian);
        var machine = U16(file, 18, bigEndian);
        if (machine != EmMips)
        {
            throw new ElfLoadException($"not a MIPS ELF file (e_machine = {machine})");
        }
        if (type != 2)
        {
            throw new ElfLoadException($"not an executable ELF file (e_type = {type}); link it first");
        }
        var entry = U32(file, 24, bigEndian);
        var phoff = U32(file, 28, bigEndian);
        var phentsize = U16(file, 42, bigEndian);
        var phnum = U16(file, 44, bigEndian);
        if (phnum == 0)
        {
            throw new ElfLoadException("ELF file has no program headers");
        }
        if (phentsize < PhdrSize || (ulong)phoff + (ulong)phnum * phentsize > (ulong)file.Length)
        {
            throw new ElfLoadException("truncated or corrupt ELF program header table");
        }
        var segments = new List<ElfSegment>();
        for (var i = 0; i < phnum; i++)
        {
            var ph = file.Slice((int)phoff + i * phentsize, PhdrSize);
            if (U32(ph, 0, bigEndian) != PtLoad)
            {
                continue;
            }
            var offset = U32(ph, 4, bigEndian);
            var vaddr = U32(ph, 8, bigEndian);
            var paddr = U32(ph, 12, bigEndian);
            var filesz = U32(ph, 16, bigEndian);
            var memsz = U32(ph, 20, bigEndian);
            if ((ulong)offset + filesz > (ulong)file.Length)
            {
                throw new ElfLoadException($"truncated ELF file: segment {i} needs bytes up to {(ulong)offset + filesz}, file has {file.Length}");
            }
            if (filesz > memsz)
            {
                throw new ElfLoadException($"corrupt ELF segment {i}: file size exceeds memory size");
            }
            // Checked here, in 64 bits, so that no later sum or allocation can wrap: a segment must lie
            // inside the 29-bit physical space (512 MiB) its address is masked to.
            if ((ulong)(paddr & 0x1fffffff) + memsz > PhysicalSpace)
            {
                throw new ElfLoadException($"ELF segment {i} (physical 0x{paddr & 0x1fffffff:x8}, 0x{memsz:x} bytes) extends beyond the 512 MiB physical address space");
            }
            segments.Add(new ElfSegment(paddr & 0x1fffffff, vaddr, file.Slice((int)offset, (int)filesz).ToArray(), memsz));
        }
        if (segments.Count == 0)
        {
            throw new ElfLoadException("ELF file has no loadable (PT_LOAD) segments");
        }
        return new ElfImage(bigEndian, entry, segments);
    }

    /// <summary>Reads and parses an ELF file; <see cref="InputFileException"/> when the file cannot be read.</summary>
    public static ElfImage Load(string path, string what = "ELF file") => Parse(InputFile.ReadAll(path, MaxFileBytes, what));

    private static ushort U16(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt16BigEndian(b[at..]) : BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);

    private static uint U32(ReadOnlySpan<byte> b, int at, bool be) =>
        be ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
}
