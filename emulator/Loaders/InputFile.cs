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
        long size;
        if (OperatingSystem.IsLinux())
        {
            if (!LinuxFiles.TryStat(path, out var type, out size, out var errno))
            {
                throw new InputFileException($"cannot read {what} '{path}': {LinuxFiles.Describe(errno)}");
            }
            if (type != LinuxFiles.FileType.Regular)
            {
                throw new InputFileException($"{what} '{path}' is {Describe(type)}, not a regular file");
            }
        }
        else
        {
            if (Directory.Exists(path))
            {
                throw new InputFileException($"{what} '{path}' is a directory, not a regular file");
            }
            size = File.Exists(path) ? new FileInfo(path).Length : -1;
            if (size < 0)
            {
                throw new InputFileException($"cannot read {what} '{path}': no such file");
            }
        }
        if (size > maxBytes)
        {
            throw new InputFileException($"{what} '{path}' is {size} bytes, more than the {maxBytes >> 20} MiB it may be");
        }
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // The file may have changed since the stat: read at most what was checked, and only that.
            var length = RandomAccess.GetLength(handle);
            if (length > maxBytes)
            {
                throw new InputFileException($"{what} '{path}' is {length} bytes, more than the {maxBytes >> 20} MiB it may be");
            }
            var bytes = new byte[length];
            var done = 0;
            while (done < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(done), done);
                if (n == 0)
                {
                    throw new InputFileException($"{what} '{path}' shrank while it was read");
                }
                done += n;
            }
            return bytes;
        }
        catch (Exception e) when (e is (IOException or UnauthorizedAccessException) and not InputFileException)
        {
            throw new InputFileException($"cannot read {what} '{path}': {e.Message}");
        }
    }

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
