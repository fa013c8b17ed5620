using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// The libc calls the console needs (Linux): a blocking read(2) on fd 0, so a byte typed reaches the guest at once
/// (Console.In buffers lines), and write(2)/poll(2) on fd 1 for <see cref="StdoutStream"/>. termios lives in
/// <see cref="Emu.Emulator.Host.Termios"/>. LibraryImport, not DllImport: the generated marshalling is precompiled with
/// the rest of emu, where a DllImport's IL stub was JIT-compiled at start-up.
/// </summary>
internal static partial class Libc
{
    public const int StdinFileno = 0;
    public const int StdoutFileno = 1;
    /// <summary>c_oflag's OPOST bit (asm-generic/termbits.h).</summary>
    public const uint Opost = 0x1;
    public const int Eintr = 4;
    public const int Eagain = 11;
    /// <summary>poll(2)'s POLLOUT (asm-generic/poll.h).</summary>
    public const short PollOut = 0x4;

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }
}
