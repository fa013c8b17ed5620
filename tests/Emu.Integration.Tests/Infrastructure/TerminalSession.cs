using System.Diagnostics;
using System.Text;

namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// An `emu` process whose stdin, stdout and stderr are a real terminal (<see cref="PseudoTerminal"/>), driven
/// as a person at that terminal would: keys go in as typed (no newline added), the screen is read back.
/// Disposing kills emu if it still runs.
/// </summary>
public sealed class TerminalSession : IDisposable
{
    private readonly PseudoTerminal _pty;
    private readonly Process _process;
    private readonly StringBuilder _screen = new(); // guarded by itself; pulsed on new output
    private readonly Thread _reader;
    private int _searchFrom;

    public TerminalSession(PseudoTerminal pty, params string[] emuArgs)
    {
        _pty = pty;
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        // sh opens the terminal for emu's stdio and execs it: same pid, no controlling-terminal games.
        var psi = new ProcessStartInfo("sh") { UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        foreach (var a in (string[])["-c", "pts=$1; shift; exec \"$@\" <\"$pts\" >\"$pts\" 2>\"$pts\"", "sh", pty.SlavePath,
                     host, "exec", RepoPaths.EmuDll, .. emuArgs])
        {
            psi.ArgumentList.Add(a);
        }
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start emu");
        _reader = new Thread(() =>
        {
            var buffer = new byte[4096];
            int n;
            while ((n = _pty.Read(buffer)) > 0)
            {
                lock (_screen)
                {
                    _screen.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    Monitor.PulseAll(_screen);
                }
            }
        })
        { IsBackground = true, Name = "pty reader" };
        _reader.Start();
    }

    public int ProcessId => _process.Id;

    public string Screen
    {
        get
        {
            lock (_screen)
            {
                return _screen.ToString();
            }
        }
    }

    /// <summary>Everything on the screen after the last <see cref="WaitFor"/> match.</summary>
    public string ScreenSinceLastMatch
    {
        get
        {
            lock (_screen)
            {
                return _screen.ToString(_searchFrom, _screen.Length - _searchFrom);
            }
        }
    }

    /// <summary>Waits until <paramref name="text"/> appears after the previous match; false on timeout or exit.</summary>
    public bool WaitFor(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        lock (_screen)
        {
            while (true)
            {
                var at = _screen.ToString().IndexOf(text, _searchFrom, StringComparison.Ordinal);
                if (at >= 0)
                {
                    _searchFrom = at + text.Length;
                    return true;
                }
                if (_process.HasExited && timeout > clock.Elapsed + TimeSpan.FromSeconds(1))
                {
                    timeout = clock.Elapsed + TimeSpan.FromSeconds(1); // what emu wrote last may still be in transit
                }
                var left = timeout - clock.Elapsed;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }
                Monitor.Wait(_screen, TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
            }
        }
    }

    /// <summary>Types <paramref name="keys"/> as they are: "\r" is Enter, "\t" Tab, "\u0003" Ctrl-C, "\u0001" Ctrl-A.</summary>
    public void Type(string keys) => _pty.Write(Encoding.Latin1.GetBytes(keys));

    /// <summary>User plus system CPU seconds emu has used so far (/proc/PID/stat utime + stime, proc(5)).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 3 (state) is index 0; utime and stime are fields 14 and 15.
        var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
        return ticks / (double)ClockTicksPerSecond;
    }

    /// <summary>sysconf(_SC_CLK_TCK): 100 on every Linux ABI .NET runs on (USER_HZ).</summary>
    private const int ClockTicksPerSecond = 100;

    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

    public string Describe() => $"--- terminal ---\n{Screen}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
        _process.Dispose();
    }
}
