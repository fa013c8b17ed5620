using Emu.Emulator.Host;
using Microsoft.Win32.SafeHandles;

namespace Emu.Emulator.HostMemory;

/// <summary>
/// A real swap file: one 4 KiB slot per swapped page, written and read with positional I/O
/// (<see cref="RandomAccess"/>), slots recycled through a free list (like swap_map's free slots).
/// Guest pages must never outlive the process on disk, whatever way it ends (SIGKILL, a crash, a constructor
/// that throws), so the file has no name while it holds data: on Linux it is opened with O_TMPFILE (never
/// named at all); elsewhere, or where the file system refuses O_TMPFILE, it is created with mode 0600 and
/// unlinked at once, before the first page is written. Either way the kernel frees its blocks when the last
/// descriptor closes. Guarded by the HostMm lock (all callers hold it).
/// </summary>
internal sealed unsafe class SwapFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    // Owner of _handle on the named-then-unlinked path, a FileStream (null with O_TMPFILE).
    private readonly IDisposable? _stream;
    private readonly FreeList _freeSlots = new();
    private int _nextSlot;
    private bool _disposed;

    /// <param name="directory">Where the file's blocks live (null: the temp directory).</param>
    /// <param name="allowUnnamed">False: skip O_TMPFILE (tests of the create-then-unlink fallback).</param>
    public SwapFile(string? directory, bool allowUnnamed = true)
    {
        var dir = directory ?? System.IO.Path.GetTempPath();
        if (allowUnnamed && OperatingSystem.IsLinux() && LinuxFiles.TryOpenUnnamed(dir) is { } unnamed)
        {
            _handle = unnamed;
            Path = $"{dir} (O_TMPFILE, unnamed)";
            return;
        }
        _stream = CreateAndUnlink(dir, out _handle, out var path);
        Path = $"{path} (deleted)";
    }

    // A cold path out of the constructor (README, "Start-up"): FileStream's types are needed only where O_TMPFILE is not
    // available.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IDisposable CreateAndUnlink(string dir, out SafeFileHandle handle, out string path)
    {
        path = System.IO.Path.Combine(dir, $"emu-swap-{Environment.ProcessId}-{Guid.NewGuid():N}.swp");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0, // positional I/O on the handle only
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        handle = stream.SafeFileHandle;
        File.Delete(path); // the handle keeps the (now nameless) file alive
        return stream;
    }

    /// <summary>Where the file is, for messages: it has no name in the file tree.</summary>
    public string Path { get; }

    /// <summary>Slots holding a swapped page now.</summary>
    public int SlotsInUse => _nextSlot - _freeSlots.Count;

    /// <summary>The open descriptor (tests read the slots through it).</summary>
    internal SafeFileHandle Handle => _handle;

    /// <summary>The file's length now (st_size of the open descriptor).</summary>
    public long Length => RandomAccess.GetLength(_handle);

    /// <summary>Bytes written to / read from the file since creation.</summary>
    public long BytesWritten { get; private set; }
    public long BytesRead { get; private set; }

    /// <summary>get_swap_page + swap_writepage: store one frame, return its slot.</summary>
    public int Write(byte* frame)
    {
        int slot = _freeSlots.TryPop(out var free) ? (int)free : _nextSlot++;
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
    public void Free(int slot) => _freeSlots.Push((ulong)slot);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream?.Dispose();
        _handle.Dispose();
    }
}
