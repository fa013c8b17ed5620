using System.Runtime.InteropServices;

namespace Emu.Emulator.HostMemory;

/// <summary>
/// The simulated host's page frames: 4096-byte frames of native memory numbered by pfn, allocated in
/// 2 MiB chunks so that <see cref="Address"/> is one array index and an add (no lock). Each frame carries
/// a reference count (<c>page_count</c>: host PTE mappings + COW snapshot holds + temporary gup
/// references), a map count (<c>page_mapcount</c>: host PTEs + snapshot holds, i.e. the references that
/// are "mappings") and flag bits (allocated, KSM, dirty, accessed, idle).
/// </summary>
/// <remarks>
/// Locking (see also <see cref="HostMm"/>):
/// <list type="bullet">
/// <item>Allocation (<see cref="Alloc"/>), chunk growth, <c>_nextFresh</c>, map-count changes and
/// reference-count <em>increments</em> happen only under the HostMm lock.</item>
/// <item>Reference-count <em>decrements</em> are atomic and may happen on any thread without the HostMm lock
/// (<see cref="HostMm.PutPage"/> is lock-free so the VM may call it under its MmuLock). Because increments
/// only happen under the HostMm lock, a check "refcount == mapcount" made under that lock can only be
/// made stale towards "fewer extra references": it is conservative.</item>
/// <item>The free list is guarded by <c>_freeLock</c>, a leaf lock (taken under the HostMm lock or alone).</item>
/// <item>Flag bits are changed with Interlocked Or/And (SetPfnDirty/SetPfnAccessed run lock-free).</item>
/// <item><c>_chunks</c> is replaced (copied, grown) under the HostMm lock and published with a volatile
/// write; readers take a volatile snapshot, so <see cref="Address"/> is safe on any thread.</item>
/// </list>
/// A frame is freed when its reference count reaches zero: its last mapping was removed (after the
/// notifiers' InvalidateRangeStart for that mapping returned) and no gup reference remains.
/// </remarks>
internal sealed unsafe class FrameAllocator : IDisposable
{
    public const int FrameShift = 12;
    public const int FrameSize = 1 << FrameShift;
    public const int ChunkShift = 9; // 512 frames = 2 MiB per chunk
    public const int FramesPerChunk = 1 << ChunkShift;

    /// <summary>pfn 0 is never handed out: it means "no frame".</summary>
    public const ulong NoPfn = 0;

    /// <summary>pfn 1 is the shared zero page (ZERO_PAGE): always allocated, never written, never freed, not refcounted.</summary>
    public const ulong ZeroPfn = 1;

    /// <summary>Byte written over freed frames when poisoning is on (a stale reader sees 0xDB...).</summary>
    public const byte PoisonByte = 0xDB;

    [Flags]
    public enum FrameFlags
    {
        None = 0,
        Allocated = 1,
        /// <summary>PageKsm: a merged, write-protected frame; a write always copies (never reused in place).</summary>
        Ksm = 2,
        /// <summary>PG_dirty, set by SetPfnDirty (kvm_set_pfn_dirty).</summary>
        Dirty = 4,
        /// <summary>PG_referenced, set by SetPfnAccessed (mark_page_accessed) and gup.</summary>
        Accessed = 8,
        /// <summary>PG_idle (page_idle): set by ClearYoung, cleared by any access.</summary>
        Idle = 16,
    }

    private sealed class Chunk
    {
        public readonly nint Base;
        public readonly int[] RefCount = new int[FramesPerChunk];
        public readonly int[] MapCount = new int[FramesPerChunk];
        public readonly int[] Flags = new int[FramesPerChunk];
        public Chunk(nint @base) => Base = @base;
    }

    // Published array of chunks; grown under the HostMm lock, read lock-free (volatile).
    private Chunk[] _chunks = [];
    // Number of chunks actually allocated (HostMm lock).
    private int _chunkCount;
    // Next never-used pfn (HostMm lock).
    private ulong _nextFresh = ZeroPfn + 1;
    // Freed pfns, reused LIFO so that a stale user meets a reused frame quickly (guarded by _freeLock).
    private readonly FreeList _free = new();
    private readonly object _freeLock = new();
    private readonly ulong _maxFrames;
    private readonly bool _poison;
    private long _inUse;
    private bool _disposed;

    public FrameAllocator(ulong maxFrames, bool poison)
    {
        _maxFrames = maxFrames;
        _poison = poison;
        Grow();
        NativeMemory.Clear(Address(ZeroPfn), FrameSize); // ZERO_PAGE: the one frame whose bytes are promised
        var zero = Slot(ZeroPfn, out int i);
        zero.Flags[i] = (int)FrameFlags.Allocated;
        var reserved = Slot(NoPfn, out i);
        reserved.Flags[i] = (int)FrameFlags.Allocated;
    }

    /// <summary>Frames handed out by <see cref="Alloc"/> and not yet freed (excludes pfn 0 and the zero page).</summary>
    public long InUse => Interlocked.Read(ref _inUse);

    /// <summary>One past the highest pfn ever handed out (for audits).</summary>
    public ulong HighWater => _nextFresh;

    public byte* Address(ulong pfn)
    {
        var chunks = Volatile.Read(ref _chunks);
        ulong c = pfn >> ChunkShift;
        if (c >= (ulong)chunks.Length || chunks[c] is not { } chunk)
        {
            throw new ArgumentOutOfRangeException(nameof(pfn), $"pfn 0x{pfn:x} was never allocated");
        }
        return (byte*)chunk.Base + ((pfn & (FramesPerChunk - 1)) << FrameShift);
    }

    public Span<byte> Bytes(ulong pfn) => new(Address(pfn), FrameSize);

    /// <summary>Allocate a frame (contents unspecified). Caller holds the HostMm lock. Refcount and mapcount start at 0.</summary>
    public ulong Alloc()
    {
        ulong pfn;
        lock (_freeLock)
        {
            _free.TryPop(out pfn);
        }
        if (pfn == NoPfn)
        {
            if (_nextFresh - 2 >= _maxFrames)
            {
                throw new OutOfMemoryException($"simulated host out of frames ({_maxFrames} frames)");
            }
            pfn = _nextFresh++;
            if ((pfn >> ChunkShift) >= (ulong)_chunkCount)
            {
                Grow();
            }
        }
        var chunk = Slot(pfn, out int i);
        chunk.RefCount[i] = 0;
        chunk.MapCount[i] = 0;
        Volatile.Write(ref chunk.Flags[i], (int)FrameFlags.Allocated);
        Interlocked.Increment(ref _inUse);
        return pfn;
    }

    /// <summary>A new mapping (host PTE or snapshot hold) of <paramref name="pfn"/>. HostMm lock.</summary>
    public void MapRef(ulong pfn)
    {
        if (pfn == ZeroPfn)
        {
            return;
        }
        var chunk = Slot(pfn, out int i);
        chunk.MapCount[i]++;
        Interlocked.Increment(ref chunk.RefCount[i]);
    }

    /// <summary>
    /// Drop a mapping (page_remove_rmap + put_page). HostMm lock. The caller has already called the
    /// notifiers' InvalidateRangeStart for the mapping, so the frame may be freed here.
    /// </summary>
    public void UnmapRef(ulong pfn)
    {
        if (pfn == ZeroPfn)
        {
            return;
        }
        var chunk = Slot(pfn, out int i);
        if (--chunk.MapCount[i] < 0)
        {
            throw new InvalidOperationException($"mapcount underflow on pfn 0x{pfn:x}");
        }
        Put(pfn);
    }

    /// <summary>get_page: a temporary (gup) reference. HostMm lock.</summary>
    public void Get(ulong pfn)
    {
        if (pfn == ZeroPfn)
        {
            return;
        }
        var chunk = Slot(pfn, out int i);
        Interlocked.Increment(ref chunk.RefCount[i]);
    }

    /// <summary>put_page: lock-free; frees the frame when the count reaches zero.</summary>
    public void Put(ulong pfn)
    {
        if (pfn == ZeroPfn)
        {
            return;
        }
        var chunk = Slot(pfn, out int i);
        if ((Volatile.Read(ref chunk.Flags[i]) & (int)FrameFlags.Allocated) == 0)
        {
            throw new InvalidOperationException($"put_page on free pfn 0x{pfn:x}");
        }
        int left = Interlocked.Decrement(ref chunk.RefCount[i]);
        if (left < 0)
        {
            throw new InvalidOperationException($"refcount underflow on pfn 0x{pfn:x}");
        }
        if (left == 0)
        {
            Free(pfn, chunk, i);
        }
    }

    private void Free(ulong pfn, Chunk chunk, int i)
    {
        if (chunk.MapCount[i] != 0)
        {
            throw new InvalidOperationException($"pfn 0x{pfn:x} freed while still mapped {chunk.MapCount[i]} times");
        }
        if (_poison)
        {
            new Span<byte>((byte*)chunk.Base + ((nint)i << FrameShift), FrameSize).Fill(PoisonByte);
        }
        Volatile.Write(ref chunk.Flags[i], 0);
        Interlocked.Decrement(ref _inUse);
        lock (_freeLock)
        {
            if (!_disposed)
            {
                _free.Push(pfn);
            }
        }
    }

    public int RefCount(ulong pfn) => pfn == ZeroPfn ? int.MaxValue : Volatile.Read(ref Slot(pfn, out int i).RefCount[i]);

    public int MapCount(ulong pfn) => pfn == ZeroPfn ? int.MaxValue : Volatile.Read(ref Slot(pfn, out int i).MapCount[i]);

    public FrameFlags Flags(ulong pfn) => (FrameFlags)Volatile.Read(ref Slot(pfn, out int i).Flags[i]);

    public bool IsAllocated(ulong pfn) =>
        pfn < HighWater && (Flags(pfn) & FrameFlags.Allocated) != 0;

    /// <summary>Atomically set flag bits; ignored on a free frame (a late SetPfnDirty after the last put).</summary>
    public void SetFlags(ulong pfn, FrameFlags flags)
    {
        if (pfn == ZeroPfn || pfn == NoPfn)
        {
            return;
        }
        ref int f = ref Slot(pfn, out int i).Flags[i];
        int old = Volatile.Read(ref f);
        while ((old & (int)FrameFlags.Allocated) != 0)
        {
            int seen = Interlocked.CompareExchange(ref f, old | (int)flags, old);
            if (seen == old)
            {
                return;
            }
            old = seen;
        }
    }

    public void ClearFlags(ulong pfn, FrameFlags flags)
    {
        if (pfn == ZeroPfn || pfn == NoPfn)
        {
            return;
        }
        Interlocked.And(ref Slot(pfn, out int i).Flags[i], ~(int)flags);
    }

    private Chunk Slot(ulong pfn, out int index)
    {
        var chunks = Volatile.Read(ref _chunks);
        ulong c = pfn >> ChunkShift;
        if (c >= (ulong)chunks.Length || chunks[c] is not { } chunk)
        {
            throw new ArgumentOutOfRangeException(nameof(pfn), $"pfn 0x{pfn:x} was never allocated");
        }
        index = (int)(pfn & (FramesPerChunk - 1));
        return chunk;
    }

    // HostMm lock (or the constructor). Copies the chunk array, adds one 2 MiB chunk, publishes.
    private void Grow()
    {
        var old = _chunks;
        var grown = old;
        if (_chunkCount == old.Length)
        {
            grown = new Chunk[Math.Max(4, old.Length * 2)];
            Array.Copy(old, grown, old.Length);
        }
        // Not cleared: a frame's contents are unspecified until its user fills it (demand-zero clears it, COW and swap-in
        // copy into it), so the host touches a chunk's pages as frames are used, not 2 MiB at once (512 page faults
        // and a 2 MiB memset per chunk, every start-up's first chunk included).
        var mem = (nint)NativeMemory.AlignedAlloc((nuint)(FramesPerChunk * FrameSize), FrameSize);
        grown[_chunkCount] = new Chunk(mem);
        _chunkCount++;
        Volatile.Write(ref _chunks, grown);
    }

    public void Dispose()
    {
        lock (_freeLock)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _free.Clear();
        }
        var chunks = Volatile.Read(ref _chunks);
        for (int c = 0; c < _chunkCount; c++)
        {
            NativeMemory.AlignedFree((void*)chunks[c].Base);
        }
        Volatile.Write(ref _chunks, []);
    }
}
