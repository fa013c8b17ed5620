using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// Issue 12's Linux exactness check: Debian's Malta kernel, booted under the instruction clock with a fixed RTC
/// power-on time, runs the same number of instructions with and without the translator and must reach the same
/// state: identical console bytes up to the shell prompt and an identical guest-determined exit summary (final PC,
/// Status/Cause/Count/Compare, and exceptions by cause, so the interrupt count too). Host counters (GPA faults,
/// flushes) and the translator's own line may differ.
/// </summary>
public class LinuxJitDifferentialTests(ITestOutputHelper log)
{
    /// <summary>Past the shell prompt (about 3.8e9 instructions) so that init, the shell and their interrupts count.</summary>
    private const string Insns = "4500000000";

    private static readonly Regex s_interrupts = new(@"^emu:   exceptions Int: (\d+)", RegexOptions.Multiline);

    [SkippableFact]
    public void DebianBoot_ToTheShell_IsIdenticalWithAndWithoutTheJit()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        string[] boot = ["run", "--clock", "insns", "--rtc-epoch", "2026-11-30T09:00:00", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 nokaslr", "--max-insns", Insns, "--stats"];
        var translated = HostProcess.Emu(TimeSpan.FromMinutes(5), [.. boot, "--jit", "on"]);
        var interpreted = HostProcess.Emu(TimeSpan.FromMinutes(5), [.. boot, "--jit", "off"]);

        Assert.True(interpreted.StdoutText.Contains("/ # ", StringComparison.Ordinal), "the interpreted boot did not reach the shell\n" + interpreted.Describe());
        Assert.True(interpreted.Stdout.AsSpan().SequenceEqual(translated.Stdout), "console output differs\n" + translated.Describe());
        Assert.Equal(ExitSummary.GuestDetermined(interpreted.Stderr), ExitSummary.GuestDetermined(translated.Stderr));
        var interrupts = s_interrupts.Match(translated.Stderr);
        Assert.True(interrupts.Success && long.Parse(interrupts.Groups[1].Value) > 1000, "no timer interrupts counted\n" + translated.Stderr);
        var jit = Regex.Match(translated.Stderr, @"^emu:   jit regions=(\d+).*$", RegexOptions.Multiline);
        Assert.True(jit.Success && long.Parse(jit.Groups[1].Value) > 100, "the translated boot compiled few regions\n" + translated.Stderr);
        log.WriteLine(jit.Value);
    }
}
