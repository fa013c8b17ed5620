using System.Diagnostics;

namespace Emu.Integration.Tests.Infrastructure;

/// <summary>What a finished child process left behind.</summary>
public sealed record ProcessResult(int ExitCode, byte[] Stdout, string Stderr, bool TimedOut)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

    public string[] StdoutLines => StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Describe() =>
        $"exit={ExitCode} timedOut={TimedOut}\n--- stdout ---\n{StdoutText}\n--- stderr ---\n{Stderr}";
}

/// <summary>Runs host programs (emu, QEMU, make) with stdin closed and a generous deadline.</summary>
public static class HostProcess
{
    public static ProcessResult Run(string file, IEnumerable<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        p.StandardInput.Close();
        using var stdout = new MemoryStream();
        var stdoutTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderrTask = p.StandardError.ReadToEndAsync();
        var timedOut = !p.WaitForExit(timeout);
        if (timedOut)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        stdoutTask.Wait();
        return new ProcessResult(p.ExitCode, stdout.ToArray(), stderrTask.Result, timedOut);
    }

    /// <summary>`emu ARGS` through the same dotnet host that runs the tests.</summary>
    public static ProcessResult Emu(params string[] args) => Emu(TimeSpan.FromSeconds(120), args);

    public static ProcessResult Emu(TimeSpan timeout, params string[] args) =>
        Run(DotnetHost, ["exec", RepoPaths.EmuDll, .. args], timeout);

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
