using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Emu.Emulator.Host;

/// <summary>
/// The few Linux file calls .NET does not expose: the file type from statx(2) (so that a FIFO or a device is
/// refused before open(2) could block or stream forever), and open(2) with O_TMPFILE (an unnamed file that
/// exists only while a descriptor refers to it). statx is used rather than stat because struct statx has
/// one layout on every architecture (include/uapi/linux/stat.h), unlike struct stat.
/// </summary>
public static partial class LinuxFiles
{
    // include/uapi/linux/fcntl.h, stat.h (the same values on x86-64 and arm64).
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int ORdonly = 0x0;
    private const int ORdwr = 0x2;
    private const int AtEmptyPath = 0x1000;
    private const int Eintr = 4;
    private const int OCloexec = 0x80000;
    // O_TMPFILE is __O_TMPFILE | O_DIRECTORY, and O_DIRECTORY differs: 0200000 (x86) but 040000 (arm64).
    private static readonly int OTmpfile = 0x400000
        | (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? 0x4000 : 0x10000);
    private const int OExcl = 0x80;

    // struct statx: stx_mode is a __u16 at byte 28, stx_size a __u64 at byte 40; the struct is 256 bytes.
    private const int StatxBytes = 256;
    private const int ModeOffset = 28;
    private const int SizeOffset = 40;
    private const int RdevMajorOffset = 128;
    private const int RdevMinorOffset = 132;

    /// <summary>File types of st_mode &amp; S_IFMT.</summary>
    public enum FileType
    {
        Unknown,
        Regular,
        Directory,
        Fifo,
        CharDevice,
        BlockDevice,
        Socket,
    }

    /// <summary>
    /// statx(AT_FDCWD, path, 0 /* follow symlinks */): the type, or an errno. (The size is the open descriptor's:
    /// <see cref="TryReadAll"/>.)
    /// </summary>
    public static unsafe bool TryStat(string path, out FileType type, out int errno)
    {
        var buffer = stackalloc byte[StatxBytes];
        type = FileType.Unknown;
        int result;
        fixed (byte* name = NulTerminated(path))
        {
            result = Statx(AtFdCwd, name, 0, StatxType, buffer);
        }
        if (result != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        errno = 0;
        type = TypeOf(buffer);
        return true;
    }

    /// <summary>stx_mode &amp; S_IFMT of a filled struct statx.</summary>
    private static unsafe FileType TypeOf(byte* statx) => (*(ushort*)(statx + ModeOffset) & 0xf000) switch
    {
        0x8000 => FileType.Regular,
        0x4000 => FileType.Directory,
        0x1000 => FileType.Fifo,
        0x2000 => FileType.CharDevice,
        0x6000 => FileType.BlockDevice,
        0xc000 => FileType.Socket,
        _ => FileType.Unknown,
    };

    /// <summary>
    /// Whether <paramref name="fd"/> is the null device (character device 1:3, Documentation/admin-guide/devices.txt):
    /// reading it never gives a byte. False when it cannot be told.
    /// </summary>
    public static unsafe bool IsNullDevice(int fd)
    {
        var buffer = stackalloc byte[StatxBytes];
        byte empty = 0;
        return Statx(fd, &empty, AtEmptyPath, StatxType, buffer) == 0
            && TypeOf(buffer) == FileType.CharDevice
            && *(uint*)(buffer + RdevMajorOffset) == 1 && *(uint*)(buffer + RdevMinorOffset) == 3;
    }

    /// <summary>
    /// Reads a regular file whole with open(2), statx(2) on the descriptor and pread(2): the bytes, or an errno. The size
    /// is the descriptor's (the file may have changed since a stat of its name), refused past <paramref name="maxBytes"/>
    /// as <paramref name="tooLarge"/>; a file that shrinks while it is read sets <paramref name="shrank"/>. Not through
    /// File.OpenHandle and RandomAccess, whose first use costs 3 ms of start-up (measured on `emu run`): the handle,
    /// its locking and its strategy types, all to read a few kilobytes once.
    /// </summary>
    public static unsafe byte[]? TryReadAll(string path, long maxBytes, out long tooLarge, out bool shrank, out int errno)
    {
        tooLarge = -1;
        shrank = false;
        int fd;
        fixed (byte* name = NulTerminated(path))
        {
            fd = Open(name, ORdonly | OCloexec, 0);
        }
        if (fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        try
        {
            var buffer = stackalloc byte[StatxBytes];
            byte empty = 0;
            if (Statx(fd, &empty, AtEmptyPath, StatxSize, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                return null;
            }
            var size = *(long*)(buffer + SizeOffset);
            if (size > maxBytes)
            {
                tooLarge = size;
                errno = 0;
                return null;
            }
            var bytes = new byte[size];
            long done = 0;
            fixed (byte* p = bytes)
            {
                while (done < size)
                {
                    var n = Pread(fd, p + done, (nint)(size - done), done);
                    if (n < 0)
                    {
                        errno = Marshal.GetLastPInvokeError();
                        if (errno == Eintr)
                        {
                            continue;
                        }
                        return null;
                    }
                    if (n == 0)
                    {
                        shrank = true;
                        errno = 0;
                        return null;
                    }
                    done += n;
                }
            }
            errno = 0;
            return bytes;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// open(dir, O_TMPFILE | O_RDWR | O_EXCL, 0600): a file with no name at all (O_EXCL: it can never be linked
    /// into the tree later). Null when the kernel or the file system does not support it.
    /// </summary>
    public static unsafe SafeFileHandle? TryOpenUnnamed(string directory)
    {
        int fd;
        fixed (byte* name = NulTerminated(directory))
        {
            fd = Open(name, OTmpfile | ORdwr | OExcl | OCloexec, 0x180 /* 0600 */);
        }
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>strerror-like text for the errno values a user can act on.</summary>
    public static string Describe(int errno) => errno switch
    {
        2 => "no such file or directory",
        13 => "permission denied",
        20 => "a component of the path is not a directory",
        36 => "file name too long",
        40 => "too many levels of symbolic links",
        _ => $"errno {errno}",
    };

    /// <summary>
    /// A path as the NUL-terminated bytes the kernel takes. ASCII, nearly every path, is copied a byte per character:
    /// the first use of Encoding.UTF8 (which LibraryImport's string marshalling makes) took 1.8 ms of CPU in a test
    /// program, more than the rest of reading a file. Anything else is encoded as UTF-8, as that marshalling did.
    /// </summary>
    internal static byte[] NulTerminated(string path)
    {
        foreach (var c in path)
        {
            if (c >= 0x80)
            {
                var utf8 = new byte[Encoding.UTF8.GetByteCount(path) + 1];
                Encoding.UTF8.GetBytes(path, utf8);
                return utf8;
            }
        }
        var ascii = new byte[path.Length + 1];
        for (var i = 0; i < path.Length; i++)
        {
            ascii[i] = (byte)path[i];
        }
        return ascii;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static unsafe partial int Open(byte* path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "pread64", SetLastError = true)]
    private static unsafe partial nint Pread(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
