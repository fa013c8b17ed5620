using Emu.Emulator.Host;

namespace Emu.Emulator.Loaders;

/// <summary>A file named on the command line that cannot be used (missing, not a regular file, too large, unreadable).</summary>
public sealed class InputFileException(string message) : IOException(message);

/// <summary>
/// Reads an input file (ELF, kernel, initrd) whole, after checking what it is: only a regular file is read, its
/// size is known and bounded before any byte is read, and nothing is opened that could block (a FIFO without a
/// writer) or never end (/dev/zero). Errors are one plain sentence naming the file.
/// </summary>
public static class InputFile
{
    public static byte[] ReadAll(string path, long maxBytes, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InputFileException($"the {what} name is empty");
        }
        // The file may change between the checks and the read: the read takes the open descriptor's size, checks it
        // again, and reads at most that.
        return OperatingSystem.IsLinux() ? ReadLinux(path, maxBytes, what) : ReadPortable(path, maxBytes, what);
    }

    private static byte[] ReadLinux(string path, long maxBytes, string what)
    {
        // The type first, so that nothing is opened that could block (a FIFO) or never end (/dev/zero); the size is
        // checked on the descriptor, before a byte is read.
        if (!LinuxFiles.TryStat(path, out var type, out var errno))
        {
            throw CannotRead(what, path, LinuxFiles.Describe(errno));
        }
        if (type != LinuxFiles.FileType.Regular)
        {
            throw new InputFileException($"{what} '{path}' is {Describe(type)}, not a regular file");
        }
        return LinuxFiles.TryReadAll(path, maxBytes, out var tooLarge, out var shrank, out errno) ??
            throw (tooLarge >= 0 ? TooLarge(what, path, tooLarge, maxBytes)
                : shrank ? Shrank(what, path)
                : CannotRead(what, path, LinuxFiles.Describe(errno)));
    }

    private static byte[] ReadPortable(string path, long maxBytes, string what)
    {
        if (Directory.Exists(path))
        {
            throw new InputFileException($"{what} '{path}' is a directory, not a regular file");
        }
        if (!File.Exists(path))
        {
            throw CannotRead(what, path, "no such file");
        }
        if (new FileInfo(path).Length is var size && size > maxBytes)
        {
            throw TooLarge(what, path, size, maxBytes);
        }
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var length = RandomAccess.GetLength(handle);
            if (length > maxBytes)
            {
                throw TooLarge(what, path, length, maxBytes);
            }
            var bytes = new byte[length];
            var done = 0;
            while (done < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(done), done);
                if (n == 0)
                {
                    throw Shrank(what, path);
                }
                done += n;
            }
            return bytes;
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not InputFileException)
        {
            throw CannotRead(what, path, e.Message);
        }
    }

    private static InputFileException CannotRead(string what, string path, string reason) => new($"cannot read {what} '{path}': {reason}");

    private static InputFileException TooLarge(string what, string path, long bytes, long maxBytes) =>
        new($"{what} '{path}' is {bytes} bytes, more than the {maxBytes >> 20} MiB it may be");

    private static InputFileException Shrank(string what, string path) => new($"{what} '{path}' shrank while it was read");

    private static string Describe(LinuxFiles.FileType type) => type switch
    {
        LinuxFiles.FileType.Directory => "a directory",
        LinuxFiles.FileType.Fifo => "a FIFO (named pipe)",
        LinuxFiles.FileType.CharDevice => "a character device",
        LinuxFiles.FileType.BlockDevice => "a block device",
        LinuxFiles.FileType.Socket => "a socket",
        _ => "a special file",
    };
}
