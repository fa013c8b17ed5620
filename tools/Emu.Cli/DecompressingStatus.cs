namespace Emu.Cli;

/// <summary>
/// A status line on stderr ("decompressing kernel…") while Debian's self-decompressing vmlinuz runs (about
/// 2e9 instructions before the kernel prints anything), cleared at the first console byte. Only on a terminal:
/// when stderr is a file or a pipe nothing is written, and stdout (the guest console) is never touched.
/// </summary>
public sealed class DecompressingStatus
{
    private int _cleared;

    private DecompressingStatus()
    {
    }

    public static DecompressingStatus? Show()
    {
        if (Console.IsErrorRedirected)
        {
            return null;
        }
        Console.Error.Write("emu: decompressing kernel… (about 2e9 guest instructions before its first line)");
        Console.Error.Flush();
        return new DecompressingStatus();
    }

    /// <summary>Erases the line (carriage return, ANSI erase-to-end); only the first call does anything.</summary>
    public void Clear()
    {
        if (Interlocked.Exchange(ref _cleared, 1) == 0)
        {
            Console.Error.Write("\r\u001b[K");
            Console.Error.Flush();
        }
    }
}
