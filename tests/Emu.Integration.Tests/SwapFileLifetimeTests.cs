using System.Diagnostics;
using System.Text;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// No guest memory is left on disk (issue 10): emu runs with a private TMPDIR, and after a failed start, a
/// SIGTERM or a SIGKILL that directory is empty. While emu runs, its swap file descriptor (seen in
/// /proc/PID/fd) names no visible file. SIGTERM ends the run cleanly with 143 (128 + 15).
/// </summary>
public sealed class SwapFileLifetimeTests : IDisposable
{
    private readonly string _tmp = Directory.CreateTempSubdirectory("emu-swap-lifetime-").FullName;

    public void Dispose() => Directory.Delete(_tmp, recursive: true);

    private static string Prebuilt(string name) => Path.Combine(RepoPaths.GuestSources, "prebuilt", "be", name + ".elf");

    [Fact]
    public void FailedStart_LeavesNothing()
    {
        // Fits the 512 MiB physical space, not 1 MiB of RAM: the machine's constructor throws after the host
        // side (frames, swap file) exists.
        using var p = Start("run", "-m", "1", Prebuilt("bench-int"), "--host-pressure", "swap");
        Assert.True(p.WaitForExit(60_000));
        Assert.Equal(2, p.ExitCode);
        Assert.Empty(LeftInTmp());
    }

    [SkippableTheory]
    [InlineData("TERM", 143)]
    [InlineData("KILL", 137)]
    public void Signal_LeavesNothing_AndTheOpenSwapFileHasNoName(string signal, int exitCode)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "/proc/PID/fd is Linux's");
        var stderr = new StringBuilder();
        // tools/guest/spin never ends: it is still running when the signal comes, however fast the engine.
        using var p = Start("run", GuestBuild.Elf("be", "spin"), "--host-pressure", "swap", "--pressure-rate", "200");
        p.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        p.BeginErrorReadLine();
        p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);

        // The swap file is opened when the machine is built: wait for its descriptor to appear.
        var swapFd = WaitFor(() => OpenFilesUnder(p.Id, _tmp).FirstOrDefault(), TimeSpan.FromSeconds(60));
        Assert.True(swapFd is not null, "emu never opened a file in its TMPDIR");
        Assert.EndsWith("(deleted)", swapFd);
        Assert.Empty(LeftInTmp());

        using (var kill = Process.Start("kill", [$"-{signal}", p.Id.ToString()]))
        {
            kill.WaitForExit();
        }
        Assert.True(p.WaitForExit(30_000), "emu did not end on SIG" + signal);
        p.WaitForExit();
        Assert.Equal(exitCode, p.ExitCode);
        Assert.Empty(LeftInTmp());
        var text = stderr.ToString();
        Assert.DoesNotContain("   at ", text);
        if (signal == "TERM")
        {
            Assert.Contains("terminated (SIGTERM)", text);
        }
    }

    /// <summary>What is in the private TMPDIR, apart from the .NET runtime's own diagnostics IPC socket.</summary>
    private string[] LeftInTmp() =>
        [.. Directory.GetFileSystemEntries(_tmp).Where(e => !Path.GetFileName(e).StartsWith("dotnet-diagnostic-", StringComparison.Ordinal)
                                                       && !Path.GetFileName(e).StartsWith("clr-debug-pipe-", StringComparison.Ordinal))];

    private Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["TMPDIR"] = _tmp;
        foreach (var a in (string[])["exec", RepoPaths.EmuDll, .. args])
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start emu");
    }

    /// <summary>Targets of /proc/PID/fd links that point into <paramref name="dir"/>.</summary>
    private static IEnumerable<string> OpenFilesUnder(int pid, string dir)
    {
        string[] fds;
        try
        {
            fds = Directory.GetFiles($"/proc/{pid}/fd");
        }
        catch (IOException)
        {
            yield break;
        }
        catch (UnauthorizedAccessException)
        {
            yield break;
        }
        foreach (var fd in fds)
        {
            string? target = null;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
            }
            if (target is not null && target.StartsWith(dir + "/", StringComparison.Ordinal))
            {
                yield return target;
            }
        }
    }

    private static T? WaitFor<T>(Func<T?> probe, TimeSpan timeout) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }
            Thread.Sleep(50);
        }
        return null;
    }

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}
