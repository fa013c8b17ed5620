using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Emu.Emulator.Host;

/// <summary>
/// termios(3) on Linux for the raw lines Emu opens: the console on stdin (tools/Emu.Cli RawTerminal) and a serial
/// device for gdb (gdbstub RawTty). A termios is handled as an opaque buffer of <see cref="BufferSize"/> bytes,
/// larger than glibc's struct termios (60 bytes on every Linux ABI .NET runs on: c_iflag, c_oflag, c_cflag,
/// c_lflag, c_line, c_cc[32], c_ispeed, c_ospeed), so a wider libc layout can never be overrun; only the flag
/// words are touched by name, at the offsets POSIX and asm-generic/termbits.h give them.
/// </summary>
public static unsafe partial class Termios
{
    public const int BufferSize = 128;
    /// <summary>Byte offsets of c_oflag and c_cflag.</summary>
    public const int OflagOffset = 4, CflagOffset = 8;
    /// <summary>tcsetattr: apply now (TCSANOW), so bytes already typed are not lost.</summary>
    public const int TcsaNow = 0;

    public static bool IsTerminal(int fd) => isatty(fd) == 1;

    /// <summary>tcgetattr into <paramref name="termios"/> (at least <see cref="BufferSize"/> bytes); false (errno set) when fd is not a terminal.</summary>
    public static bool TryGet(int fd, Span<byte> termios)
    {
        CheckSize(termios);
        fixed (byte* p = termios)
        {
            return tcgetattr(fd, p) == 0;
        }
    }

    /// <summary>tcsetattr TCSANOW; false (errno set) on failure.</summary>
    public static bool TrySet(int fd, ReadOnlySpan<byte> termios)
    {
        CheckSize(termios);
        fixed (byte* p = termios)
        {
            return tcsetattr(fd, TcsaNow, p) == 0;
        }
    }

    /// <summary>cfmakeraw: no echo, no line editing, no signals from keys, 8 bits, VMIN=1 VTIME=0.</summary>
    public static void MakeRaw(Span<byte> termios)
    {
        CheckSize(termios);
        fixed (byte* p = termios)
        {
            cfmakeraw(p);
        }
    }

    /// <summary>cfsetspeed with a termios Bnnn code; false (errno set) when the code is refused.</summary>
    public static bool TrySetSpeed(Span<byte> termios, uint speedCode)
    {
        CheckSize(termios);
        fixed (byte* p = termios)
        {
            return cfsetspeed(p, speedCode) == 0;
        }
    }

    /// <summary>A tcflag_t word (host byte order) at <paramref name="offset"/>.</summary>
    public static uint ReadFlags(ReadOnlySpan<byte> termios, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(termios[offset..])
        : BinaryPrimitives.ReadUInt32BigEndian(termios[offset..]);

    public static void WriteFlags(Span<byte> termios, int offset, uint value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(termios[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(termios[offset..], value);
        }
    }

    private static void CheckSize(ReadOnlySpan<byte> termios) =>
        ArgumentOutOfRangeException.ThrowIfLessThan(termios.Length, BufferSize, nameof(termios));

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int isatty(int fd);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", EntryPoint = "cfsetspeed", SetLastError = true)]
    private static partial int cfsetspeed(byte* termios, uint speed);
}
