using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Emu.Cli;

/// <summary>
/// Puts the terminal on stdin into raw mode while the guest owns the console, as QEMU's stdio chardev does
/// (chardev/char-stdio.c qemu_chr_set_echo_stdio): no line editing, no local echo, no signals from keys (Ctrl-C,
/// Ctrl-Z reach the guest), bytes delivered one at a time; output post-processing (OPOST, so "\n" still
/// returns the carriage) stays on. The saved settings come back on dispose and on every other way out: an
/// unhandled exception on any thread and process exit (signals are turned into an orderly stop by
/// RunCommand, which then disposes). Does nothing when stdin is not a terminal (pipes, files).
/// </summary>
public sealed class RawTerminal : IDisposable
{
    // The settings to put back; set while raw mode is on. Guarded by s_gate (restore runs from any thread).
    private static byte[]? s_saved;
    private static readonly object s_gate = new();
    private static bool s_hooked;

    private RawTerminal()
    {
    }

    /// <summary>Raw mode on stdin's terminal, or null when stdin is not a terminal (or not Linux).</summary>
    public static RawTerminal? TryEnter()
    {
        if (!OperatingSystem.IsLinux() || Libc.isatty(Libc.StdinFileno) != 1)
        {
            return null;
        }
        var saved = new byte[Libc.TermiosBufferSize];
        if (Libc.tcgetattr(Libc.StdinFileno, saved) != 0)
        {
            return null;
        }
        var raw = (byte[])saved.Clone();
        Libc.cfmakeraw(raw);
        var oflag = BitConverter.IsLittleEndian
            ? BinaryPrimitives.ReadUInt32LittleEndian(raw.AsSpan(Libc.OflagOffset))
            : BinaryPrimitives.ReadUInt32BigEndian(raw.AsSpan(Libc.OflagOffset));
        oflag |= Libc.Opost;
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(Libc.OflagOffset), oflag);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(raw.AsSpan(Libc.OflagOffset), oflag);
        }
        lock (s_gate)
        {
            if (!s_hooked)
            {
                s_hooked = true;
                AppDomain.CurrentDomain.UnhandledException += (_, _) => Restore();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Restore();
            }
            if (Libc.tcsetattr(Libc.StdinFileno, Libc.TcsaNow, raw) != 0)
            {
                return null;
            }
            s_saved = saved;
        }
        return new RawTerminal();
    }

    public void Dispose() => Restore();

    /// <summary>Puts the saved settings back, once; safe from any thread and when raw mode was never entered.</summary>
    private static void Restore()
    {
        lock (s_gate)
        {
            if (s_saved is { } saved)
            {
                s_saved = null;
                if (Libc.tcsetattr(Libc.StdinFileno, Libc.TcsaNow, saved) != 0)
                {
                    Console.Error.WriteLine($"emu: could not restore the terminal (errno {Marshal.GetLastPInvokeError()}); try 'stty sane'");
                }
            }
        }
    }
}
