using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>
/// The guest ELFs the gdb tests debug, built with the cross toolchain into tools/guest/build/gdbstub
/// (only the programs needed, once per test run; a separate OUT so the integration tests' make run
/// never races this one).
/// </summary>
public static class GdbGuests
{
    private static readonly string[] s_programs = ["demo", "branches", "bench-int", "fpu", "reboot", "rr-count", "rr-echo", "smp-selfmod", "spin"];
    // Lazy's lock: test classes run in parallel and share one make run.
    private static readonly Lazy<string> s_outDir = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Elf(string endian, string program)
    {
        RequiredTools.Require("make", "make");
        RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
        RequiredTools.Require("mipsel-linux-gnu-gcc", "gcc-mipsel-linux-gnu");
        var path = Path.Combine(s_outDir.Value, endian, program + ".elf");
        Assert.True(File.Exists(path), $"make did not produce {path}");
        return path;
    }

    private static string Build()
    {
        var outDir = Path.Combine(RepoPaths.GuestSources, "build", "gdbstub");
        var targets = s_programs.SelectMany(p => new[] { $"{outDir}/be/{p}.elf", $"{outDir}/le/{p}.elf" });
        var result = HostProcess.Run("make", ["-C", RepoPaths.GuestSources, "-j2", $"OUT={outDir}", .. targets], TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0 && !result.TimedOut, "make -C tools/guest failed:\n" + result.Describe());
        return outDir;
    }
}
