using Emu.Integration.Tests.Infrastructure;

namespace Emu.Tracing.Tests.Infrastructure;

/// <summary>
/// The guest the end-to-end tests trace: tools/guest/exceptions (big-endian), which takes ~190 guest
/// exceptions of nine kinds. Built with the cross toolchain into its own output folder, because
/// `dotnet test` runs this assembly in parallel with Emu.Integration.Tests, whose make run must not race ours.
/// </summary>
public static class TracingGuest
{
    private static readonly Lazy<string> s_exceptions = new(Build, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Exceptions
    {
        get
        {
            RequiredTools.Require("make", "make");
            RequiredTools.Require("mips-linux-gnu-gcc", "gcc-mips-linux-gnu");
            return s_exceptions.Value;
        }
    }

    private static string Build()
    {
        var outDir = Path.Combine(RepoPaths.GuestSources, "build", "tracing-tests");
        var elf = Path.Combine(outDir, "be", "exceptions.elf");
        var r = HostProcess.Run("make", ["-C", RepoPaths.GuestSources, $"OUT={outDir}", elf], TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0 && File.Exists(elf), "make exceptions.elf failed:\n" + r.Describe());
        return elf;
    }
}
