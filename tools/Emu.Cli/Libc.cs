using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// The few libc calls the terminal console needs (Linux): read(2) on fd 0, isatty(3), and termios(3)
/// (tcgetattr, tcsetattr, cfmakeraw). A termios is handled as an opaque buffer larger than glibc's
/// struct termios (60 bytes on every Linux ABI .NET runs on); only c_oflag (the second 32-bit field, per POSIX
/// and Linux's asm-generic/termbits.h) is touched by name.
/// </summary>
internal static class Libc
{
    public const int StdinFileno = 0;
    /// <summary>tcsetattr: apply now (TCSANOW), so keys already typed are not lost.</summary>
    public const int TcsaNow = 0;
    /// <summary>c_oflag's OPOST bit (asm-generic/termbits.h).</summary>
    public const uint Opost = 0x1;
    public const int OflagOffset = 4;
    public const int TermiosBufferSize = 128;
    public const int Eintr = 4;

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc")]
    public static extern int isatty(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcgetattr(int fd, byte[] termios);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcsetattr(int fd, int optionalActions, byte[] termios);

    [DllImport("libc")]
    public static extern void cfmakeraw(byte[] termios);
}
