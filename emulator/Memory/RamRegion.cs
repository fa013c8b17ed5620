using System.Runtime.InteropServices;

namespace Emu.Emulator.Memory;

/// <summary>
/// Guest-physical memory backed by one host allocation (zeroed, committed lazily by the host OS).
/// Holds bytes in guest order. Today's stand-in for a memslot's host range.
/// </summary>
public sealed unsafe class RamRegion : IDisposable
{
    public RamRegion(string name, uint gpaBase, uint size, bool readOnly = false)
    {
        if ((gpaBase & 0xfff) != 0 || (size & 0xfff) != 0 || size == 0)
        {
            throw new ArgumentException("RAM regions are whole 4 KiB pages");
        }
        Name = name;
        Base = gpaBase;
        Size = size;
        ReadOnly = readOnly;
        Host = (byte*)NativeMemory.AlignedAlloc(size, 4096);
        NativeMemory.Clear(Host, size);
    }

    public string Name { get; }
    public uint Base { get; }
    public uint Size { get; }
    public bool ReadOnly { get; }
    public byte* Host { get; }

    public bool Contains(uint gpa) => gpa - Base < Size;

    public Span<byte> AsSpan(uint gpa, int length)
    {
        if (!Contains(gpa) || (ulong)(gpa - Base) + (ulong)length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(gpa), $"0x{gpa:x8}+{length} is outside {Name}");
        }
        return new Span<byte>(Host + (gpa - Base), length);
    }

    public void Dispose() => NativeMemory.AlignedFree(Host);
}
