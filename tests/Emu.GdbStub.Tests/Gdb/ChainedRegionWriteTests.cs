using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// A gdb write into code that translated regions reach from another page: the prebuilt bench-call (what `emu bench -w
/// call` runs) calls f_add on another page than its caller, so with the translator at threshold 1 the caller's region
/// either holds f_add itself (a region spans up to four pages) or jumps straight into f_add's region (a chain). gdb
/// stops at the 31st call of f_mix, rewrites f_add's ADDU into SUBU and lets the program finish: the checksum it prints
/// must be the interpreter's under the same script (a region that still ran f_add's old code, its own copy or a
/// dropped region chained to, would add ten million times instead of subtracting).
/// </summary>
public partial class ChainedRegionWriteTests
{
    [GeneratedRegex(@"^emu:   jit regions=\d+ .* invalidated=(\d+) .* chains=(\d+) ", RegexOptions.Multiline)]
    private static partial Regex JitLine();

    [GeneratedRegex(@"regions alive (\d+), compiled \d+, invalidated \d+, bail-outs \d+, chains \d+, compile ")]
    private static partial Regex MonitorLine();

    private const string Unmodified = "checksum=0x1c410081";

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void GdbWrite_IntoAChainedCallee_IsWhatTheNextCallRuns(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = Path.Combine(RepoPaths.GuestSources, "prebuilt", endian, "bench-call.elf");
        string[] script =
        [
            "break f_mix", "ignore 1 30", "continue", "monitor jit", "delete",
            "set {int}(f_add + 4) = 0x00851023", // f_add: jr ra; addu v0,a0,a1 -> subu v0,a0,a1 in the delay slot
            "continue",
        ];
        var translated = RunUnderGdb(elf, script, "on");
        var interpreted = RunUnderGdb(elf, script, "off");

        Assert.Matches(@"bench-call: .* checksum=0x[0-9a-f]{8}", interpreted.Stdout);
        Assert.DoesNotContain(Unmodified, interpreted.Stdout); // the write took effect
        Assert.Equal(interpreted.Stdout, translated.Stdout);
        // monitor jit at the stop shows the regions the calls ran in by then.
        var monitor = MonitorLine().Match(translated.Gdb);
        Assert.True(monitor.Success && long.Parse(monitor.Groups[1].Value) > 0, translated.Gdb);
        Assert.Contains("the translator is off", interpreted.Gdb);
        var jit = JitLine().Match(translated.Stderr);
        Assert.True(jit.Success, translated.Describe);
        Assert.True(long.Parse(jit.Groups[1].Value) > 0, jit.Value); // the write dropped the regions holding f_add
    }

    private sealed record Run(string Stdout, string Stderr, string Gdb, string Describe);

    private static Run RunUnderGdb(string elf, string[] script, string jit)
    {
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start([ // (Start adds --clock insns)
            "-S", "--gdb", $"tcp::{port}", "--stats", "--jit", jit, "--jit-threshold", "1", elf]);
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", script, timeoutSeconds: 120);
        Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(r.All(), "Breakpoint 1, 0x");
        Infrastructure.Gdb.Has(r.All(), "[Inferior 1 (process 1) exited normally]");
        Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(60)), "emu did not exit\n" + emu.Describe());
        return new Run(emu.Stdout, emu.Stderr, r.All(), emu.Describe());
    }
}
