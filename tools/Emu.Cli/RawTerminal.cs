using System.Diagnostics;

namespace Emu.Cli;

/// <summary>
/// Puts the controlling terminal into raw mode while the guest owns the console, as QEMU's -nographic does:
/// every key (Ctrl-C included) goes to the guest, the guest does its own echo, and Ctrl-A x quits
/// (<see cref="StdinPump"/>). Uses stty on the inherited stdin; restores the saved settings on dispose.
/// Does nothing when stdin is not a terminal (tests, pipes).
/// </summary>
public sealed class RawTerminal : IDisposable
{
    private readonly string _saved;

    private RawTerminal(string saved) => _saved = saved;

    public static RawTerminal? TryEnter()
    {
        if (Console.IsInputRedirected || !OperatingSystem.IsLinux())
        {
            return null;
        }
        var saved = Stty("-g");
        if (saved is null || Stty("raw", "-echo") is null)
        {
            return null;
        }
        return new RawTerminal(saved.Trim());
    }

    public void Dispose() => Stty(_saved);

    /// <summary>Runs stty on our own stdin; its output, or null when it failed.</summary>
    private static string? Stty(params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo("stty") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args)
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
