using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Emu.Tracing.Analysis;
using Microsoft.Diagnostics.NETCore.Client;

namespace Emu.Trace;

/// <summary>
/// `emu-trace collect (--pid P | -- CMD ARGS...)`: records Emu-Kvm events to a .nettrace file.
/// Given a command, it starts it with the runtime suspended at startup (DOTNET_DefaultDiagnosticPortSuspend),
/// opens the session and only then resumes it, so the trace holds the run from its first instruction.
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
        var command = new Argument<string[]>("command") { Description = "Command to launch and trace (after --)", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("collect", "Record Emu-Kvm events from a running emu (--pid) or from a command it launches (-- emu run ...)")
        {
            pid, output, keywords, level, duration, buffer, interval, command,
        };
        cmd.SetAction(async (parse, ct) =>
        {
            var args = parse.GetValue(command) ?? [];
            var target = parse.GetValue(pid);
            if (target is null == (args.Length == 0))
            {
                Console.Error.WriteLine("emu-trace: error: give either --pid P or -- COMMAND ARGS...");
                return 2;
            }
            var options = new Options(parse.GetValue(output)!, KeywordParser.Parse(parse.GetValue(keywords)!), parse.GetValue(level),
                parse.GetValue(duration), parse.GetValue(buffer), parse.GetValue(interval));
            return target is { } p ? await AttachAsync(p, options) : await LaunchAsync(args, options);
        });
        return cmd;
    }

    private sealed record Options(string Output, long Keywords, EventLevel Level, TimeSpan? Duration, int BufferMb, int CounterIntervalSec);

    private static async Task<int> AttachAsync(int pid, Options o)
    {
        using var process = Process.GetProcessById(pid);
        var client = new DiagnosticsClient(pid);
        await RecordAsync(client, process, o, resume: false);
        return 0;
    }

    private static async Task<int> LaunchAsync(string[] args, Options o)
    {
        var psi = new ProcessStartInfo(args[0]) { UseShellExecute = false };
        foreach (var a in args[1..])
        {
            psi.ArgumentList.Add(a);
        }
        // The runtime stops before Main until a client resumes it, so no event is emitted unobserved.
        psi.Environment["DOTNET_DefaultDiagnosticPortSuspend"] = "1";
        using var process = Process.Start(psi) ?? throw new IOException($"could not start {args[0]}");
        var client = new DiagnosticsClient(process.Id);
        await WaitForDiagnosticPortAsync(process);
        await RecordAsync(client, process, o, resume: true);
        await process.WaitForExitAsync();
        Console.Error.WriteLine($"emu-trace: {args[0]} exited with code {process.ExitCode}");
        return process.ExitCode;
    }

    /// <summary>The target's diagnostic socket appears shortly after exec; poll for it rather than race it.</summary>
    private static async Task WaitForDiagnosticPortAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (!DiagnosticsClient.GetPublishedProcesses().Contains(process.Id))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new IOException($"process {process.Id} never opened its diagnostic port (exited: {process.HasExited})");
            }
            await Task.Delay(20);
        }
    }

    private static async Task RecordAsync(DiagnosticsClient client, Process process, Options o, bool resume)
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
        Summarise(o.Output);
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

    /// <summary>Reads the file back once, so the user learns at once whether events were lost.</summary>
    private static void Summarise(string path)
    {
        var data = EmuTraceReader.ReadFile(path);
        Console.Error.WriteLine($"emu-trace: wrote {path}: {data.Records.Count} Emu-Kvm events, {data.Counters.Count} counter samples, " +
                                $"{data.EventsLost} lost (EventPipe), {data.SeqGapEvents} missing by per-vCPU seq");
    }
}
