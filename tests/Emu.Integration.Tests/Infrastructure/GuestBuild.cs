namespace Emu.Integration.Tests.Infrastructure;

/// <summary>
/// Builds every guest program in tools/guest with the GNU cross toolchain, once per test run
/// (`make -C tools/guest`), and names the resulting ELF files.
/// </summary>
public static class GuestBuild
{
    // Guarded by Lazy's own lock: test classes run in parallel and must share one make run.
    private static readonly Lazy<string> s_outDir = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    private static void RequireToolchain()
    {
        RequiredTools.Require("make", "make");
        RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
        RequiredTools.Require("mipsel-linux-gnu-gcc", "gcc-mipsel-linux-gnu");
    }

    /// <summary>
    /// Programs that check themselves and end with "NAME: PASS" (bench-* loops, smp-* programs, whose output depends on
    /// the vCPU count, and rr-* programs, which wait for console input or serve the record/replay tests, are excluded).
    /// </summary>
    public static IEnumerable<string> SelfCheckingPrograms() =>
        Directory.EnumerateDirectories(RepoPaths.GuestSources)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("common" or "build" or "prebuilt" or "spin") && !name.StartsWith("bench-", StringComparison.Ordinal)
                           && !name.StartsWith("smp-", StringComparison.Ordinal) && !name.StartsWith("rr-", StringComparison.Ordinal))
            .Where(name => Directory.EnumerateFiles(Path.Combine(RepoPaths.GuestSources, name)).Any(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".S", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal);

    public static string Elf(string endian, string program)
    {
        RequireToolchain(); // outside the Lazy, so a skip is not cached as a failure
        var path = Path.Combine(s_outDir.Value, endian, program + ".elf");
        Assert.True(File.Exists(path), $"make did not produce {path}");
        return path;
    }

    private static string Build()
    {
        var outDir = Path.Combine(RepoPaths.GuestSources, "build");
        var result = HostProcess.Run("make", ["-C", RepoPaths.GuestSources, "-j2", $"OUT={outDir}", "all"], TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "make -C tools/guest failed:\n" + result.Describe());
        return outDir;
    }
}
