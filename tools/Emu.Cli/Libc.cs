using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// The libc call the console's input thread needs (Linux): a blocking read(2) on fd 0, so a byte typed reaches the
/// guest at once (Console.In buffers lines). termios lives in <see cref="Emu.Emulator.Host.Termios"/>.
/// </summary>
internal static class Libc
{
    public const int StdinFileno = 0;
    /// <summary>c_oflag's OPOST bit (asm-generic/termbits.h).</summary>
    public const uint Opost = 0x1;
    public const int Eintr = 4;

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, byte[] buffer, nint count);
}
