using System.Diagnostics;
using Spectre.Console;

namespace Emu.Cli;

/// <summary>
/// Runs the embedded tools/linux/fetch-debian-malta.sh (written beside the cache) and reports what it does in
/// emu's words: a live status line while it updates lists, downloads or builds (a Spectre.Console spinner when
/// stderr is a terminal, one line per step otherwise), "using cached …" when it had nothing to do, and none of
/// apt's own output (kept, and shown only when the script fails).
/// </summary>
public static class DebianMaltaFetch
{
    private const string LogPrefix = "fetch-debian-malta: ";

    /// <summary>(vmlinuz, initrd), or null after printing why not.</summary>
    public static (string Vmlinuz, string Initrd)? Run()
    {
        var cache = Environment.GetEnvironmentVariable("EMU_LINUX_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "emu-linux");
        string script;
        try
        {
            script = WriteScripts(cache);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"emu: error: cannot write to the cache {cache}: {e.Message}");
            return null;
        }
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.Environment["EMU_LINUX_CACHE"] = cache;
        using var p = Process.Start(psi);
        if (p is null)
        {
            Console.Error.WriteLine("emu: error: could not start bash");
            return null;
        }
        var stdout = p.StandardOutput.ReadToEndAsync();
        var steps = new List<string>();
        var noise = new List<string>(); // apt's output: shown only if the script fails
        void Follow(Action<string> onStep)
        {
            while (p.StandardError.ReadLine() is { } line)
            {
                if (line.StartsWith(LogPrefix, StringComparison.Ordinal))
                {
                    var step = Describe(line[LogPrefix.Length..]);
                    steps.Add(step);
                    onStep(step);
                }
                else
                {
                    noise.Add(line);
                }
            }
        }
        if (Console.IsErrorRedirected)
        {
            Follow(step => Console.Error.WriteLine($"emu: {step}"));
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.Status().Spinner(Spinner.Known.Dots).Start($"checking the cache {cache}", ctx => Follow(step =>
            {
                console.MarkupLineInterpolated($"[grey]emu: {step}[/]");
                ctx.Status(Markup.Escape(step));
            }));
        }
        p.WaitForExit();
        var lines = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        if (p.ExitCode != 0 || Value("vmlinuz") is not { } vmlinuz || Value("initrd") is not { } initrd)
        {
            foreach (var line in noise.TakeLast(10))
            {
                Console.Error.WriteLine($"emu:   {line}");
            }
            Console.Error.WriteLine($"emu: error: fetching Debian's Malta kernel failed (fetch-debian-malta.sh exit {p.ExitCode}; cache {cache})");
            return null;
        }
        if (steps.Count == 0)
        {
            Console.Error.WriteLine($"emu: using cached {Path.GetFileName(vmlinuz)} and {Path.GetFileName(initrd)} (cache {cache})");
        }
        return (vmlinuz, initrd);
    }

    /// <summary>The script's log lines, in the words of a status line.</summary>
    private static string Describe(string log) => log switch
    {
        _ when log.StartsWith("apt-get update", StringComparison.Ordinal) => "updating Debian's mipsel package lists",
        _ when log.StartsWith("apt-get download ", StringComparison.Ordinal) => $"downloading {log["apt-get download ".Length..]}",
        _ when log.StartsWith("building ", StringComparison.Ordinal) => $"building the initramfs {Path.GetFileName(log["building ".Length..])}",
        _ => log,
    };

    /// <summary>Writes the embedded script and /init under the cache; returns the script's path.</summary>
    private static string WriteScripts(string cache)
    {
        var scripts = Path.Combine(cache, "scripts");
        Directory.CreateDirectory(scripts);
        foreach (var name in new[] { "fetch-debian-malta.sh", "init" })
        {
            using var resource = typeof(DebianMaltaFetch).Assembly.GetManifestResourceStream($"linux/{name}")
                ?? throw new InvalidOperationException($"linux/{name} is missing from this build");
            using var ms = new MemoryStream();
            resource.CopyTo(ms);
            var path = Path.Combine(scripts, name);
            // Rewrite only on change, so the script's "rebuild when /init is newer" check stays meaningful.
            if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(ms.ToArray()))
            {
                File.WriteAllBytes(path, ms.ToArray());
            }
        }
        return Path.Combine(scripts, "fetch-debian-malta.sh");
    }
}
