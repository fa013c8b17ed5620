using System.Runtime.InteropServices;
using Emu.Emulator.Host;

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
        if (!OperatingSystem.IsLinux() || !Termios.IsTerminal(Libc.StdinFileno))
        {
            return null;
        }
        var saved = new byte[Termios.BufferSize];
        if (!Termios.TryGet(Libc.StdinFileno, saved))
        {
            return null;
        }
        var raw = (byte[])saved.Clone();
        Termios.MakeRaw(raw);
        // Keep output processing (OPOST: "\n" → "\r\n") so the host's own messages still line up.
        Termios.WriteFlags(raw, Termios.OflagOffset, Termios.ReadFlags(raw, Termios.OflagOffset) | Libc.Opost);
        lock (s_gate)
        {
            if (!s_hooked)
            {
                s_hooked = true;
                AppDomain.CurrentDomain.UnhandledException += (_, _) => Restore();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Restore();
            }
            if (!Termios.TrySet(Libc.StdinFileno, raw))
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
                if (!Termios.TrySet(Libc.StdinFileno, saved))
                {
                    Console.Error.WriteLine($"emu: could not restore the terminal (errno {Marshal.GetLastPInvokeError()}); try 'stty sane'");
                }
            }
        }
    }
}
