using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Emu.Emulator.Host;

namespace Emu.GdbStub.Transport;

/// <summary>
/// A tty opened raw for the gdb line, the way QEMU's chardev opens a serial device (qemu-char
/// <c>tty_serial_init</c>: open O_RDWR|O_NOCTTY, tcgetattr, cfmakeraw, speed, CLOCAL|CREAD, tcsetattr
/// TCSANOW). Reads are one blocking read(2) on the caller's thread with VMIN=1/VTIME=0 (cfmakeraw's
/// settings): the call returns as soon as any byte is there, with no polling. Writes are write(2) from
/// any thread (the session's RspWriter serialises them). Linux/glibc only (termios layout and constants).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed unsafe partial class RawTty : Stream
{
    private const int ORdwr = 0x2, ONoctty = 0x100, OCloexec = 0x80000;
    private const int Eintr = 4;
    // c_cflag bits (asm-generic/termbits.h): CREAD 0200, CLOCAL 04000, CRTSCTS 020000000000.
    private const uint CRead = 0x80, CLocal = 0x800, CRtscts = 0x80000000;

    private int _fd;

    private RawTty(int fd)
    {
        _fd = fd;
    }

    public static RawTty Open(string device, int baud)
    {
        var fd = open(device, ORdwr | ONoctty | OCloexec);
        if (fd < 0)
        {
            throw Error($"cannot open {device}");
        }
        try
        {
            Span<byte> termios = stackalloc byte[Termios.BufferSize];
            if (!Termios.TryGet(fd, termios))
            {
                throw Error($"{device} is not a terminal");
            }
            Termios.MakeRaw(termios);
            // No modem control, no hardware handshake (gdb uses none).
            var cflag = (Termios.ReadFlags(termios, Termios.CflagOffset) | CRead | CLocal) & ~CRtscts;
            Termios.WriteFlags(termios, Termios.CflagOffset, cflag);
            if (SpeedCode(baud) is { } speed && !Termios.TrySetSpeed(termios, speed))
            {
                throw Error($"cannot set {baud} baud on {device}");
            }
            if (!Termios.TrySet(fd, termios))
            {
                throw Error($"cannot make {device} raw");
            }
            return new RawTty(fd);
        }
        catch
        {
            close(fd);
            throw;
        }
    }

    /// <summary>termios Bnnn codes (asm-generic/termbits.h); null: leave the speed as it is (a pty ignores it).</summary>
    private static uint? SpeedCode(int baud) => baud switch
    {
        9600 => 0xd, // 0000015
        19200 => 0xe,
        38400 => 0xf,
        57600 => 0x1001, // 0010001
        115200 => 0x1002,
        230400 => 0x1003,
        460800 => 0x1004,
        500000 => 0x1005,
        576000 => 0x1006,
        921600 => 0x1007,
        1000000 => 0x1008,
        _ => null,
    };

    private static IOException Error(string what)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
        // write(2) hands the bytes to the line discipline; nothing is buffered here.
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.Length == 0)
        {
            return 0;
        }
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = read(Fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }
                if (Marshal.GetLastPInvokeError() != Eintr)
                {
                    throw Error("serial read");
                }
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = write(Fd, p + done, (nuint)(buffer.Length - done));
                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Eintr)
                    {
                        continue;
                    }
                    throw Error("serial write");
                }
                done += (int)n;
            }
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(nameof(RawTty));

    protected override void Dispose(bool disposing)
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            close(fd);
        }
        base.Dispose(disposing);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);




}
