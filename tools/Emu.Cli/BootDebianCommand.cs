using System.CommandLine;
using System.Diagnostics;
using Emu.Emulator;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Loaders;

namespace Emu.Cli;

/// <summary>
/// `emu boot-debian`: fetch Debian 12's Malta kernel and busybox, build the initramfs (the embedded
/// tools/linux/fetch-debian-malta.sh, cached in EMU_LINUX_CACHE or ~/.cache/emu-linux), and boot them with
/// the console on stdin/stdout — the one-command demo.
/// </summary>
public static class BootDebianCommand
{
    public static Command Create()
    {
        var memory = new Option<uint>("--memory", "-m")
        {
            Description = "Guest RAM in MiB (1..256)",
            DefaultValueFactory = _ => 256,
        };
        var append = new Option<string?>("-append", "--append")
        {
            Description = "Extra kernel command line after 'console=ttyS0'",
        };
        var maxInsns = new Option<long?>("--max-insns")
        {
            Description = "Stop after this many guest instructions (exit code 3)",
        };
        var stats = new Option<bool>("--stats")
        {
            Description = "Print instruction and exception counts to stderr at exit",
        };
        var command = new Command("boot-debian", "Fetch Debian's stock Malta kernel and a busybox initramfs, then boot them (Ctrl-A x quits)")
        {
            memory, append, maxInsns, stats,
        };
        var clock = new ClockOption();
        clock.AddTo(command);
        command.SetAction(parse =>
        {
            var mem = parse.GetValue(memory);
            if (mem is < 1 or > 256)
            {
                return RunCommand.Fail("--memory must be between 1 and 256 (MiB)");
            }
            if (parse.GetValue(maxInsns) is <= 0)
            {
                return RunCommand.Fail("--max-insns must be positive");
            }
            if (Fetch() is not var (vmlinuz, initrd))
            {
                return ExitCodes.HostError;
            }
            ElfImage image;
            try
            {
                image = ElfLoader.Load(vmlinuz);
            }
            catch (ElfLoadException e)
            {
                return RunCommand.Fail($"{vmlinuz}: {e.Message}");
            }
            var cmdline = $"console=ttyS0 {parse.GetValue(append)}".Trim();
            var boot = new KernelBoot(vmlinuz, cmdline, File.ReadAllBytes(initrd));
            var options = new MachineOptions { RamSize = mem << 20, Clock = clock.Read(parse, Emu.Emulator.Timing.GuestClockSource.Host) };
            return RunCommand.Run(image, boot, options, parse.GetValue(maxInsns) ?? long.MaxValue, parse.GetValue(stats), 0);
        });
        return command;
    }

    /// <summary>Writes the embedded script and /init beside the cache and runs it; (vmlinuz, initrd) or null.</summary>
    private static (string, string)? Fetch()
    {
        var cache = Environment.GetEnvironmentVariable("EMU_LINUX_CACHE") is { Length: > 0 } c
            ? c
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "emu-linux");
        var scripts = Path.Combine(cache, "scripts");
        Directory.CreateDirectory(scripts);
        foreach (var name in new[] { "fetch-debian-malta.sh", "init" })
        {
            using var resource = typeof(BootDebianCommand).Assembly.GetManifestResourceStream($"linux/{name}")
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
        Console.Error.WriteLine($"emu: fetching Debian's Malta kernel and busybox (cache {cache})");
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(scripts, "fetch-debian-malta.sh"));
        psi.Environment["EMU_LINUX_CACHE"] = cache;
        using var p = Process.Start(psi);
        if (p is null)
        {
            Console.Error.WriteLine("emu: error: could not start bash");
            return null;
        }
        var lines = p.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        p.WaitForExit();
        string? Value(string key) => lines.FirstOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..];
        if (p.ExitCode != 0 || Value("vmlinuz") is not { } vmlinuz || Value("initrd") is not { } initrd)
        {
            Console.Error.WriteLine($"emu: error: fetch-debian-malta.sh failed (exit {p.ExitCode})");
            return null;
        }
        return (vmlinuz, initrd);
    }
}
