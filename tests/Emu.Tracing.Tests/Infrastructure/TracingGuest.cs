using Emu.Integration.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// The guest the end-to-end tests trace: tools/guest/exceptions (big-endian), which takes ~190 guest
/// exceptions of nine kinds. Built with the cross toolchain into its own output folder, because
/// `dotnet test` runs this assembly in parallel with Emu.Integration.Tests, whose make run must not race ours.
/// </summary>
public static class TracingGuest
{
    private static readonly Lazy<string> s_exceptions = new(() => Build("exceptions"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> s_benchCall = new(() => Build("bench-call"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> s_spin = new(() => Build("spin"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> s_smpSelfMod = new(() => Build("smp-selfmod"), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>tools/guest/bench-call (big-endian): recursive fib, then ten million calls of f_chain → f_add, f_mix.</summary>
    public static string BenchCall
    {
        get
        {
            RequiredTools.Require("make", "make");
            RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
            return s_benchCall.Value;
        }
    }

    /// <summary>tools/guest/spin (big-endian): computes forever, so it is still running whenever a tool attaches.</summary>
    public static string Spin
    {
        get
        {
            RequiredTools.Require("make", "make");
            RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
            return s_spin.Value;
        }
    }

    /// <summary>
    /// tools/guest/smp-selfmod (big-endian): rewrites, 64 times, an instruction a loop runs (vCPU 1 patches vCPU 0's loop
    /// with -append cpus=2), so translated regions are dropped as well as compiled.
    /// </summary>
    public static string SmpSelfMod
    {
        get
        {
            RequiredTools.Require("make", "make");
            RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
            return s_smpSelfMod.Value;
        }
    }

    public static string Exceptions
    {
        get
        {
            RequiredTools.Require("make", "make");
            RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
            return s_exceptions.Value;
        }
    }

    private static string Build(string guest)
    {
        var outDir = Path.Combine(RepoPaths.GuestSources, "build", "tracing-tests");
        var elf = Path.Combine(outDir, "be", $"{guest}.elf");
        var r = HostProcess.Run("make", ["-C", RepoPaths.GuestSources, $"OUT={outDir}", elf], TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0 && File.Exists(elf), $"make {guest}.elf failed:\n" + r.Describe());
        return elf;
    }
}
