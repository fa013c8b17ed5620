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
/// <remarks>
/// Bounded: at most <see cref="MaxPages"/> decoded pages (8 KiB each) are kept. When a new page would exceed
/// the bound, every decoded page is dropped at once and decoding starts afresh, as QEMU flushes all translated
/// blocks when its code buffer is full (tb_flush): simple, and a guest whose hot code fits never sees it. Without a
/// bound a guest running through all of RAM (a jump into zeroed memory is a nop sled) grew emu by twice its RAM
/// per vCPU. Dropped arrays are kept for reuse, so memory stays at the bound.
/// </remarks>
public sealed unsafe class CodeCache : IDisposable
{
    public const int SlotsPerPage = 1024;

    /// <summary>Default bound: 4096 pages (16 MiB of guest code, 32 MiB of decoded slots) per vCPU.</summary>
    public const int DefaultMaxPages = 4096;

    private static readonly nuint s_pageBytes = (nuint)(SlotsPerPage * sizeof(DecodedInst));

    // One pointer per 4 KiB physical page of the 4 GiB physical space (8 MiB of pointers, allocated
    // lazily by the OS); null = the page has no decoded array.
    private readonly nint* _pages;
    // GFNs that have an array now (to drop them all without scanning the pointer table), and arrays kept for reuse:
    // fixed arrays, as both stay within MaxPages (and List<uint>, Stack<nint> are instantiations no ReadyToRun image
    // holds, JIT-compiled at every start-up).
    private readonly uint[] _live;
    private int _liveCount;
    private readonly nint[] _spare;
    private int _spareCount;

    public CodeCache(int maxPages = DefaultMaxPages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPages, 1);
        MaxPages = maxPages;
        _live = new uint[maxPages];
        _spare = new nint[maxPages];
        _pages = (nint*)NativeMemory.AllocZeroed((nuint)(1 << 20), (nuint)sizeof(nint));
    }

    public int MaxPages { get; }

    /// <summary>Derived state told of every drop (translated code); null when nothing derives from this cache.</summary>
    public ICodeCacheObserver? Observer { get; set; }

    /// <summary>Pages with a decoded array now.</summary>
    public int PageCount => _liveCount;

    /// <summary>Times every decoded page was dropped because the bound was reached.</summary>
    public long Evictions { get; private set; }

    public bool HasCode(uint gfn) => _pages[gfn] != 0;

    /// <summary>
    /// The decoded page for <paramref name="gfn"/>; <paramref name="created"/> when new. <paramref name="evicted"/>
    /// when every other decoded page was dropped to make room: pointers to decoded pages held elsewhere (the
    /// GvaCache's <c>Code</c>) are then dangling and must be cleared by the caller.
    /// </summary>
    public DecodedInst* GetOrCreate(uint gfn, out bool created, out bool evicted)
    {
        var p = (DecodedInst*)_pages[gfn];
        created = p == null;
        evicted = false;
        if (created)
        {
            if (_liveCount >= MaxPages)
            {
                DropAll();
                evicted = true;
            }
            if (_spareCount > 0)
            {
                p = (DecodedInst*)_spare[--_spareCount];
                NativeMemory.Clear(p, s_pageBytes); // all slots NotDecoded (= 0)
            }
            else
            {
                p = (DecodedInst*)NativeMemory.AllocZeroed(s_pageBytes);
            }
            _pages[gfn] = (nint)p;
            _live[_liveCount++] = gfn;
        }
        return p;
    }

    /// <summary>Marks the slots covering [gpa, gpa+size) as needing a fresh decode.</summary>
    public void InvalidateRange(uint gpa, uint size)
    {
        var end = Math.Min((ulong)gpa + size, 1UL << 32);
        for (ulong page = gpa & ~0xfffUL; page < end; page += 0x1000)
        {
            var p = (DecodedInst*)_pages[page >> 12];
            if (p == null)
            {
                continue; // pages never executed (most of a large range) cost one load
            }
            var from = Math.Max(page, gpa & ~3UL);
            var to = Math.Min(page + 0x1000, end);
            for (var a = from; a < to; a += 4)
            {
                p[(a >> 2) & (SlotsPerPage - 1)].Op = InstName.NotDecoded;
            }
            if (from < to)
            {
                Observer?.SlotsInvalidated(p, (int)((from >> 2) & (SlotsPerPage - 1)), (int)(((to - page) + 3) >> 2));
            }
        }
    }

    /// <summary>Drops every decoded page (the arrays are kept for reuse).</summary>
    public void DropAll()
    {
        for (var i = 0; i < _liveCount; i++)
        {
            _spare[_spareCount++] = _pages[_live[i]];
            _pages[_live[i]] = 0;
        }
        _liveCount = 0;
        Evictions++;
        Observer?.AllDropped();
    }

    public void Dispose()
    {
        for (var i = 0; i < _liveCount; i++)
        {
            NativeMemory.Free((void*)_pages[_live[i]]);
        }
        for (var i = 0; i < _spareCount; i++)
        {
            NativeMemory.Free((void*)_spare[i]);
        }
        NativeMemory.Free(_pages);
    }
}
