using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>
/// A background `emu run ... --gdb ...` process. Output is collected as it comes; disposing kills the
/// process if it is still running (tests never leave emulators behind).
/// </summary>
public sealed class EmuProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new(); // guards _stdout and _stderr

    private EmuProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { lock (_gate) { _stdout.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_gate) { _stderr.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_gate) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_gate) { return _stderr.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Sends a signal to emu (kill -SIGNAL PID), as a user or a service manager would.</summary>
    public void Signal(string signal)
    {
        var r = HostProcess.Run("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        Assert.True(r.ExitCode == 0, r.Describe());
    }

    /// <summary>A TCP port that was free a moment ago (bind to 0, read, release).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Starts `emu run ARGS` and waits until the stub says it is listening.</summary>
    public static EmuProcess Start(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var a in (string[])["exec", RepoPaths.EmuDll, "run", "--clock", "insns", .. args])
        {
            psi.ArgumentList.Add(a);
        }
        var emu = new EmuProcess(Process.Start(psi) ?? throw new InvalidOperationException("could not start emu"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        // "waiting for a debugger on X" with -S; "gdb: listening on X (the guest runs…)" without it.
        while (!emu.Stderr.Contains("waiting for a debugger", StringComparison.Ordinal) &&
               !emu.Stderr.Contains("gdb: listening on", StringComparison.Ordinal))
        {
            if (emu.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("emu did not start its gdb stub:\n" + emu.Describe());
            }
            Thread.Sleep(50);
        }
        return emu;
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }
        _process.WaitForExit(); // drains the async output readers
        return true;
    }

    public string Describe() => $"--- emu stdout ---\n{Stdout}\n--- emu stderr ---\n{Stderr}";

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
