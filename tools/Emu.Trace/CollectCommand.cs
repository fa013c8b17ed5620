using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Emu.Tracing.Analysis;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Trace;

/// <summary>
/// `emu-trace collect (--pid P | -- CMD ARGS...)`: records Emu-Kvm events to a .nettrace file.
/// Given a command, it starts it with the runtime suspended at startup (DOTNET_DefaultDiagnosticPortSuspend),
/// finds the emu process in the command's process tree (directly, or under `dotnet run`), opens the session
/// and only then resumes it, so the trace holds the run from its first instruction. Lost events: a loud
/// warning and exit status 3.
/// </summary>
public static class CollectCommand
{
    public static Command Create()
    {
        var pid = new Option<int?>("--pid", "-p") { Description = "Process id of a running emu" };
        var output = new Option<string>("--output", "-o") { Description = "Output .nettrace file", DefaultValueFactory = _ => "emu.nettrace" };
        var keywords = new Option<string>("--keywords", "-k")
        {
            Description = $"Emu-Kvm keywords: all, a hex mask, or names ({string.Join(",", KeywordParser.Names)})",
            DefaultValueFactory = _ => "all",
        };
        var level = new Option<EventLevel>("--level") { Description = "Event level (Verbose enables the high-rate events)", DefaultValueFactory = _ => EventLevel.Verbose };
        var duration = new Option<TimeSpan?>("--duration", "-d") { Description = "Stop after this long (hh:mm:ss); default: until the process exits or Ctrl-C" };
        var buffer = new Option<int>("--buffer-mb") { Description = "EventPipe buffer in MB (events are dropped when it fills)", DefaultValueFactory = _ => 256 };
        var interval = new Option<int>("--counter-interval") { Description = "Counter sampling interval in seconds", DefaultValueFactory = _ => 1 };
        var processName = new Option<string>("--process-name")
        {
            Description = "With -- CMD: trace the .NET process running this program (apphost or dll name); others in the tree are resumed untraced",
            DefaultValueFactory = _ => "emu",
        };
        var command = new Argument<string[]>("command") { Description = "Command to launch and trace (after --)", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("collect", "Record Emu-Kvm events from a running emu (--pid) or from a command it launches (-- emu run ...)")
        {
            pid, output, keywords, level, duration, buffer, interval, processName, command,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(command) ?? [];
            var target = parse.GetValue(pid);
            if (target is null == (args.Length == 0))
            {
                throw new UsageException("give either --pid P or -- COMMAND ARGS...");
            }
            var options = new Options(parse.GetValue(output)!, KeywordParser.Parse(parse.GetValue(keywords)!), parse.GetValue(level),
                parse.GetValue(duration), parse.GetValue(buffer), parse.GetValue(interval));
            return target is { } p ? await AttachAsync(p, options) : await LaunchAsync(args, options, parse.GetValue(processName)!);
        });
        return cmd;
    }

    private sealed record Options(string Output, long Keywords, EventLevel Level, TimeSpan? Duration, int BufferMb, int CounterIntervalSec);

    private static async Task<int> AttachAsync(int pid, Options o)
    {
        Process process;
        try
        {
            process = Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"no process with id {pid}");
        }
        using var _ = process;
        var client = new DiagnosticsClient(pid);
        return await RecordAsync(client, process, o, resume: false) ? LostEventsExitCode : 0;
    }

    private static async Task<int> LaunchAsync(string[] args, Options o, string processName)
    {
        var psi = new ProcessStartInfo(args[0]) { UseShellExecute = false };
        foreach (var a in args[1..])
        {
            psi.ArgumentList.Add(a);
        }
        // Every .NET runtime started under this variable stops before Main until a client resumes it, so no
        // event is emitted unobserved. A launcher (`dotnet run`) and its build nodes inherit it too: each is
        // resumed at once, untraced, and only the process running `processName` is traced (see TreeResumer).
        psi.Environment["DOTNET_DefaultDiagnosticPortSuspend"] = "1";
        // No long-lived build nodes: they would outlive us with the variable set and wait for a resume forever.
        psi.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        psi.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new UsageException($"could not start {args[0]}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new UsageException($"cannot run '{args[0]}': {e.Message}");
        }
        using (process)
        {
            var resumer = new TreeResumer(process.Id);
            var target = await resumer.FindTargetAsync(processName, process);
            if (target is null)
            {
                await process.WaitForExitAsync();
                throw new UsageException($"'{args[0]}' exited with code {process.ExitCode} before a .NET process named '{processName}' started " +
                                         "(trace another program with --process-name NAME)");
            }
            using var targetProcess = Process.GetProcessById(target.Value);
            var background = resumer.KeepResumingAsync();
            var lost = await RecordAsync(new DiagnosticsClient(target.Value), targetProcess, o, resume: true);
            await process.WaitForExitAsync();
            resumer.Stop();
            await background;
            Console.Error.WriteLine($"emu-trace: {args[0]} exited with code {process.ExitCode}");
            return process.ExitCode != 0 ? process.ExitCode : lost ? LostEventsExitCode : 0;
        }
    }

    /// <summary>Exit status when the trace is complete but events were dropped (EventPipe or per-vCPU seq).</summary>
    public const int LostEventsExitCode = 3;

    private static async Task<bool> RecordAsync(DiagnosticsClient client, Process process, Options o, bool resume)
    {
        using var session = SessionFactory.Start(client, o.Keywords, o.Level, o.BufferMb, o.CounterIntervalSec);
        if (resume)
        {
            client.ResumeRuntime();
        }
        var stop = new TaskCompletionSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop the session cleanly; the traced process keeps running
            stop.TrySetResult();
        };
        Console.CancelKeyPress += onCancel;
        var written = 0L;
        try
        {
            await using var file = File.Create(o.Output);
            var copy = CopyCountingAsync(session.EventStream, file, n => Interlocked.Add(ref written, n));
            var exited = process.WaitForExitAsync();
            var timeout = o.Duration is { } d ? Task.Delay(d) : Task.Delay(Timeout.Infinite);
            var progress = ProgressAsync(() => Interlocked.Read(ref written), stop.Task);
            var first = await Task.WhenAny(copy, exited, timeout, stop.Task);
            if (first != copy && !process.HasExited)
            {
                await StopQuietlyAsync(session);
            }
            await copy; // ends when the runtime closes the stream (after Stop or at process exit)
            stop.TrySetResult();
            await progress;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return Summarise(o.Output);
    }

    private static async Task StopQuietlyAsync(EventPipeSession session)
    {
        try
        {
            await session.StopAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or EndOfStreamException)
        {
            // The process exited between the check and the stop: its stream ends by itself.
        }
    }

    private static async Task CopyCountingAsync(Stream from, Stream to, Action<long> onBytes)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = await from.ReadAsync(buffer)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, n));
            onBytes(n);
        }
    }

    private static async Task ProgressAsync(Func<long> bytes, Task done)
    {
        if (Console.IsErrorRedirected)
        {
            await done;
            return;
        }
        while (!done.IsCompleted)
        {
            Console.Error.Write($"\remu-trace: recording... {bytes() / 1024.0:F0} KiB (Ctrl-C to stop)");
            await Task.WhenAny(done, Task.Delay(500));
        }
        Console.Error.WriteLine();
    }

    /// <summary>
    /// Reads the file back once (streaming, nothing kept), so the user learns at once whether events were
    /// lost; returns true if any were, after a warning no one can miss.
    /// </summary>
    private static bool Summarise(string path)
    {
        var counts = 0L;
        var summary = EmuTraceReader.Stream(path, Emu.Tracing.Analysis.TraceFilter.All, _ => counts++);
        Console.Error.WriteLine($"emu-trace: wrote {path}: {counts} Emu-Kvm events, {summary.CounterSamples} counter samples, " +
                                $"{summary.EventsLost} lost (EventPipe), {summary.SeqGapEvents} missing by per-vCPU seq");
        if (summary.EventsLost == 0 && summary.SeqGapEvents == 0)
        {
            return false;
        }
        Console.Error.WriteLine($"emu-trace: WARNING: EVENTS WERE LOST ({summary.EventsLost} by EventPipe, {summary.SeqGapEvents} by per-vCPU seq): " +
                                "counts in this trace are too low. Use a bigger --buffer-mb, fewer --keywords, or --level Informational " +
                                $"(exit status {LostEventsExitCode})");
        return true;
    }
}
