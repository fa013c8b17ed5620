using System.Diagnostics;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>Starts emu, emu-trace and the dotnet diagnostic tools as processes, with extra environment.</summary>
public static class ToolRun
{
    public static string Dotnet =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    public static string EmuTraceDll => Path.Combine(AppContext.BaseDirectory, "emu-trace.dll");

    /// <summary>The command line that runs emu: dotnet exec emu.dll ARGS.</summary>
    public static string[] EmuCommand(params string[] args) => [Dotnet, "exec", RepoPaths.EmuDll, .. args];

    /// <summary>Runs emu with extra environment variables (e.g. DOTNET_EventPipe*).</summary>
    public static ProcessResult Emu(IReadOnlyDictionary<string, string> env, params string[] args) =>
        Run(Dotnet, ["exec", RepoPaths.EmuDll, .. args], env);

    /// <summary>Starts emu and returns at once (attach tests).</summary>
    public static Process StartEmu(params string[] args) => Start(Dotnet, ["exec", RepoPaths.EmuDll, .. args]);

    public static ProcessResult EmuTrace(params string[] args) => Run(Dotnet, ["exec", EmuTraceDll, .. args]);

    public static ProcessResult Run(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null, TimeSpan? timeout = null)
    {
        using var p = Start(file, args, env);
        using var stdout = new MemoryStream();
        var stdoutTask = p.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderrTask = p.StandardError.ReadToEndAsync();
        var timedOut = !p.WaitForExit(timeout ?? TimeSpan.FromMinutes(3));
        if (timedOut)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        stdoutTask.Wait();
        return new ProcessResult(p.ExitCode, stdout.ToArray(), stderrTask.Result, timedOut);
    }

    public static Process Start(string file, IEnumerable<string> args, IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
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
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        p.StandardInput.Close();
        return p;
    }
}
