using Microsoft.Win32.SafeHandles;

namespace Emu.Emulator.HostMemory;

/// <summary>
/// A real swap file: one 4 KiB slot per swapped page, written and read with positional I/O
/// (<see cref="RandomAccess"/>), slots recycled through a free list (like swap_map's free slots), the file
/// deleted on dispose. Guarded by the HostMm lock (all callers hold it).
/// </summary>
internal sealed unsafe class SwapFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly Stack<int> _freeSlots = new();
    private int _nextSlot;
    private bool _disposed;

    public SwapFile(string? path)
    {
        Path = path ?? System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"emu-swap-{Environment.ProcessId}-{Guid.NewGuid():N}.swp");
        _handle = File.OpenHandle(Path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
    }

    public string Path { get; }

    /// <summary>Slots holding a swapped page now.</summary>
    public int SlotsInUse => _nextSlot - _freeSlots.Count;

    /// <summary>Bytes written to / read from the file since creation.</summary>
    public long BytesWritten { get; private set; }
    public long BytesRead { get; private set; }

    /// <summary>get_swap_page + swap_writepage: store one frame, return its slot.</summary>
    public int Write(byte* frame)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
        RandomAccess.Write(_handle, new ReadOnlySpan<byte>(frame, FrameAllocator.FrameSize), (long)slot * FrameAllocator.FrameSize);
        BytesWritten += FrameAllocator.FrameSize;
        return slot;
    }

    /// <summary>swap_readpage: read a slot back into a frame (the slot stays allocated until <see cref="Free"/>).</summary>
    public void Read(int slot, byte* frame)
    {
        var span = new Span<byte>(frame, FrameAllocator.FrameSize);
        int done = 0;
        while (done < span.Length)
        {
            int n = RandomAccess.Read(_handle, span[done..], (long)slot * FrameAllocator.FrameSize + done);
            if (n == 0)
            {
                throw new IOException($"swap file {Path}: short read at slot {slot}");
            }
            done += n;
        }
        BytesRead += FrameAllocator.FrameSize;
    }

    /// <summary>swap_free.</summary>
    public void Free(int slot) => _freeSlots.Push(slot);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _handle.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp file is not worth failing Dispose for.
        }
    }
}
