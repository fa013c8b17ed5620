using System.Runtime.InteropServices;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Decoded instructions per guest physical page (decode once, execute many times). A page's array
/// starts all <see cref="InstName.NotDecoded"/> and slots are decoded on first execution. Coherence:
/// a page that has a decoded array gets no write tags in the GvaCache, so every store to it takes the
/// slow path, which writes the bytes and resets the touched slots (<see cref="InvalidateRange"/>).
/// Owned by one vCPU thread.
/// </summary>
public sealed unsafe class CodeCache : IDisposable
{
    public const int SlotsPerPage = 1024;

    // One pointer per 4 KiB physical page of the 4 GiB physical space (8 MiB of pointers, allocated
    // lazily by the OS); null = the page has never been executed.
    private readonly nint* _pages;

    public CodeCache()
    {
        _pages = (nint*)NativeMemory.AllocZeroed((nuint)(1 << 20), (nuint)sizeof(nint));
    }

    public bool HasCode(uint gfn) => _pages[gfn] != 0;

    /// <summary>The decoded page for <paramref name="gfn"/>; <paramref name="created"/> when new.</summary>
    public DecodedInst* GetOrCreate(uint gfn, out bool created)
    {
        var p = (DecodedInst*)_pages[gfn];
        created = p == null;
        if (created)
        {
            p = (DecodedInst*)NativeMemory.AllocZeroed(SlotsPerPage, (nuint)sizeof(DecodedInst));
            _pages[gfn] = (nint)p;
        }
        return p;
    }

    /// <summary>Marks the slots covering [gpa, gpa+size) as needing a fresh decode.</summary>
    public void InvalidateRange(uint gpa, uint size)
    {
        var end = (ulong)gpa + size;
        for (ulong a = gpa & ~3u; a < end; a += 4)
        {
            var p = (DecodedInst*)_pages[a >> 12];
            if (p != null)
            {
                p[(a >> 2) & (SlotsPerPage - 1)].Op = InstName.NotDecoded;
            }
        }
    }

    public void Dispose()
    {
        for (var i = 0; i < 1 << 20; i++)
        {
            if (_pages[i] != 0)
            {
                NativeMemory.Free((void*)_pages[i]);
            }
        }
        NativeMemory.Free(_pages);
    }
}
