using System.Diagnostics;
using System.Text;

namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// An `emu` process whose console a test drives like a person at a terminal: wait for text on stdout,
/// type a line on stdin. Disposing kills the process if it still runs.
/// </summary>
public sealed class ConsoleSession : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private int _searchFrom;

    public ConsoleSession(params string[] emuArgs)
        : this(EmuStartInfo(emuArgs))
    {
    }

    /// <summary>The same console on another program (QEMU as the reference).</summary>
    public static ConsoleSession Of(string program, params string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return new ConsoleSession(psi);
    }

    private static ProcessStartInfo EmuStartInfo(string[] emuArgs)
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
        var psi = new ProcessStartInfo(host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in (string[])["exec", RepoPaths.EmuDll, .. emuArgs])
        {
            psi.ArgumentList.Add(a);
        }
        return psi;
    }

    private ConsoleSession(ProcessStartInfo psi)
    {
        _process = Process.Start(psi) ?? throw new InvalidOperationException("could not start emu");
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            var stream = _process.StandardOutput.BaseStream;
            int n;
            while ((n = await stream.ReadAsync(buffer)) > 0)
            {
                lock (_output)
                {
                    _output.Append(Encoding.Latin1.GetString(buffer, 0, n));
                    Monitor.PulseAll(_output);
                }
            }
        });
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits until <paramref name="text"/> appears after the previous match; false on timeout or exit.</summary>
    public bool WaitFor(string text, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        lock (_output)
        {
            while (true)
            {
                var at = _output.ToString().IndexOf(text, _searchFrom, StringComparison.Ordinal);
                if (at >= 0)
                {
                    _searchFrom = at + text.Length;
                    return true;
                }
                var left = timeout - deadline.Elapsed;
                if (left <= TimeSpan.Zero || (_reader.IsCompleted && _process.HasExited))
                {
                    return false;
                }
                Monitor.Wait(_output, TimeSpan.FromMilliseconds(Math.Min(200, left.TotalMilliseconds)));
            }
        }
    }

    /// <summary>The exit code once emu has ended by itself within <paramref name="timeout"/>, else null.</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }
        // The timed overload does not wait for the redirected streams' last lines (the exit summary on stderr);
        // the parameterless one does, and returns at once now that the process has exited.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void TypeLine(string line)
    {
        _process.StandardInput.Write(line + "\n");
        _process.StandardInput.Flush();
    }

    public string Describe() => $"--- console ---\n{Output}\n--- stderr ---\n{Stderr}";

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
