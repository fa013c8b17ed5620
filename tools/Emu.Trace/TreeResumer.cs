using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Trace;

/// <summary>
/// Resumes the suspended .NET runtimes in a launched command's process tree, except the one to trace.
/// Each runtime started with DOTNET_DefaultDiagnosticPortSuspend=1 publishes its diagnostic socket and
/// waits for ResumeRuntime; a launcher such as `dotnet run` (and anything it starts) would otherwise hang.
/// Only the thread that owns this object touches <see cref="_handled"/>.
/// </summary>
public sealed class TreeResumer(int rootPid)
{
    private readonly HashSet<int> _handled = [];
    private readonly CancellationTokenSource _stop = new();

    /// <summary>
    /// Polls until a process of the tree running <paramref name="programName"/> publishes its socket
    /// (returned, still suspended) or the root exits (null). Other runtimes met on the way are resumed.
    /// </summary>
    public async Task<int?> FindTargetAsync(string programName, System.Diagnostics.Process root)
    {
        while (true)
        {
            foreach (var pid in NewRuntimesInTree())
            {
                if (string.Equals(ProcessTree.ProgramName(ProcessTree.CommandLine(pid)), programName, StringComparison.OrdinalIgnoreCase))
                {
                    return pid;
                }
                Resume(pid);
            }
            if (root.HasExited)
            {
                return null;
            }
            await Task.Delay(20);
        }
    }

    /// <summary>While the trace runs, resumes any other runtime the tree starts (until <see cref="Stop"/>).</summary>
    public async Task KeepResumingAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            foreach (var pid in NewRuntimesInTree())
            {
                Resume(pid);
            }
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Stop() => _stop.Cancel();

    private IEnumerable<int> NewRuntimesInTree()
    {
        foreach (var pid in DiagnosticsClient.GetPublishedProcesses())
        {
            if (!_handled.Contains(pid) && ProcessTree.IsInTree(pid, rootPid))
            {
                _handled.Add(pid);
                yield return pid;
            }
        }
    }

    private static void Resume(int pid)
    {
        try
        {
            new DiagnosticsClient(pid).ResumeRuntime();
        }
        catch (Exception e) when (e is ServerNotAvailableException or ServerErrorException or IOException or TimeoutException)
        {
            // Gone already, or never suspended (started without the variable): nothing to resume.
        }
    }
}
