using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// The translator changes nothing a guest or `--stats` can see: every self-checking guest program in tools/guest,
/// both byte orders, run with `--jit on --jit-threshold 1` (everything that can be translated is, from its first
/// execution) and with `--jit off`, under `--clock insns`, must print the same bytes on the UART, exit the same way,
/// and print the same exit summary (instructions, final PC, Status/Cause/Count/Compare, exceptions by cause, GPA
/// faults, flushes, decoded pages) — all but the one line that reports the translator itself.
/// </summary>
public class JitDifferentialTests
{
    public static TheoryData<string, string> Programs() => GuestProgramTests.Programs();

    private static readonly Regex s_jitLine = new(@"^emu:   jit regions=(\d+) .*$", RegexOptions.Multiline);
    private static readonly Regex s_jitLineWithEnd = new(@"^emu:   jit regions=.*\n", RegexOptions.Multiline);

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void TranslatedRun_IsIdenticalToInterpretedRun(string endian, string program)
    {
        var elf = GuestBuild.Elf(endian, program);
        var interpreted = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", "--stats", "--jit", "off", elf);
        var translated = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", "--stats", "--jit", "on", "--jit-threshold", "1", elf);

        Assert.True(translated.ExitCode == interpreted.ExitCode, translated.Describe());
        Assert.True(interpreted.Stdout.AsSpan().SequenceEqual(translated.Stdout), $"UART output differs:\n{interpreted.StdoutText}\n---\n{translated.StdoutText}");
        var jit = s_jitLine.Match(translated.Stderr);
        Assert.True(jit.Success && long.Parse(jit.Groups[1].Value) > 0, "the translated run compiled no region:\n" + translated.Stderr);
        Assert.DoesNotMatch(s_jitLine, interpreted.Stderr);
        Assert.Equal(interpreted.Stderr, s_jitLineWithEnd.Replace(translated.Stderr, ""));
    }

    /// <summary>
    /// Known bug (issue 12, see Machine.JitRefusal): with a JIT engine installed, host swap-outs lose guest stores in
    /// `unaligned` (8 of 60 loaded runs; 2 of 40 even with no region compiled; the interpreter alone 1 of 40 on this
    /// main, 0 of 60 on c805b8e). Until it is found, `--jit on` under --host-pressure says so, in one line, and runs the
    /// interpreter alone. (Whether the interpreter's run under pressure equals its run without is GuestProgramTests'
    /// business; replace this test by a translated-vs-interpreted comparison under pressure once the bug is fixed.)
    /// </summary>
    [SkippableFact]
    public void JitOn_UnderHostPressure_WarnsAndRunsTheInterpreter()
    {
        var elf = GuestBuild.Elf("be", "arith");
        var asked = HostProcess.Emu(["run", "--clock", "insns", "--max-insns", "4000000000", "--stats", "--jit", "on", "--jit-threshold", "1",
            "--host-pressure", "ksm,cow,swap,age,mprotect", "--pressure-seed", "7", elf]);

        Assert.True(asked.ExitCode == 0, asked.Describe());
        Assert.Single(asked.Stderr.Split('\n'), l => l.StartsWith("emu: warning: --jit on is not used with --host-pressure", StringComparison.Ordinal));
        Assert.DoesNotMatch(s_jitLine, asked.Stderr);
        Assert.Equal("arith: PASS", asked.StdoutLines.LastOrDefault());
    }
}
