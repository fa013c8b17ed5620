using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// The process's standard output as a write-only stream over write(2) on fd 1 (Linux; elsewhere
/// <see cref="Open"/> gives Console.OpenStandardOutput's stream). Not that stream on Linux: its first write initializes
/// .NET's console (terminfo, signal handlers, encodings), 6-7 ms of CPU in every run, as much as a short guest takes.
/// Every byte is written: a partial write goes on, EINTR retries, and EAGAIN (a stdout some other process made
/// non-blocking) waits in poll(2) until the descriptor takes more, as .NET's console stream does. Any other error (a
/// closed pipe: EPIPE, SIGPIPE being ignored by .NET) is an IOException.
/// </summary>
internal sealed class StdoutStream : Stream
{
    private StdoutStream()
    {
    }

    public static Stream Open() => OperatingSystem.IsLinux() ? new StdoutStream() : OpenPortable();

    // A cold path (README, "Start-up"): Console's types are not loaded on Linux.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Stream OpenPortable() => Console.OpenStandardOutput();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var n = Libc.Write(Libc.StdoutFileno, buffer, buffer.Length);
            if (n == 0)
            {
                throw new IOException("write to stdout wrote nothing");
            }
            if (n > 0)
            {
                buffer = buffer[(int)n..];
                continue;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.Eintr)
            {
                continue;
            }
            if (errno != Libc.Eagain)
            {
                throw new IOException($"write to stdout failed: errno {errno}");
            }
            var fd = new Libc.PollFd { Fd = Libc.StdoutFileno, Events = Libc.PollOut };
            Libc.Poll(ref fd, 1, -1);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
