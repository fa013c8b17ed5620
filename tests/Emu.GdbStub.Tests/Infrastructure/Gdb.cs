using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>
/// gdb-multiarch in batch mode (GDB-RSP-MIPS.md §10): -nx, no pagination or confirmation, a generous
/// remote timeout, always under a deadline. Each command is one -ex; the exit code is that of the last.
/// </summary>
public static class Gdb
{
    public static void Require()
    {
        RequiredTools.Require("gdb-multiarch", "gdb-multiarch");
    }

    /// <summary>Runs gdb with <paramref name="elf"/> loaded (symbols, byte order) attached to <paramref name="target"/>.</summary>
    /// <remarks>Without an ELF, <paramref name="endian"/> ("big" or "little") sets gdb's byte order.</remarks>
    public static ProcessResult Run(string? elf, string target, IEnumerable<string> commands, string[]? before = null, int timeoutSeconds = 60,
        string endian = "big")
    {
        var args = new List<string> { "-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set remotetimeout 10" };
        foreach (var c in before ?? [])
        {
            args.AddRange(["-ex", c]);
        }
        if (elf is not null)
        {
            args.AddRange(["-ex", $"file {elf}"]);
        }
        else
        {
            args.AddRange(["-ex", "set architecture mips", "-ex", $"set endian {endian}"]);
        }
        args.AddRange(["-ex", $"target remote {target}"]);
        foreach (var c in commands)
        {
            args.AddRange(["-ex", c]);
        }
        return HostProcess.Run("gdb-multiarch", args, TimeSpan.FromSeconds(timeoutSeconds));
    }

    /// <summary>Asserts that gdb's output holds <paramref name="expected"/>, showing all of it if not.</summary>
    public static void Has(string text, string expected)
    {
        if (!text.Contains(expected, StringComparison.Ordinal))
        {
            Assert.Fail($"expected '{expected}' in gdb's output:\n{text}");
        }
    }

    /// <summary>Text of stdout and stderr together (gdb prints some results on each).</summary>
    public static string All(this ProcessResult r) => r.StdoutText + "\n" + r.Stderr;
}
