using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>The translator's flags and --rtc-epoch on the real `emu` command line.</summary>
public class JitCliTests
{
    [Theory]
    [InlineData("--jit", "maybe")]
    [InlineData("--jit-threshold", "0")]
    [InlineData("--jit-threshold", "many")]
    [InlineData("--rtc-epoch", "yesterday")]
    public void BadValue_IsOneLineAndExitTwo(string option, string value)
    {
        var r = HostProcess.Emu("run", option, value, "--max-insns", "1000");
        Assert.True(r.ExitCode == 2, r.Describe());
        Assert.StartsWith("emu: ", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
        Assert.Empty(r.Stdout);
    }

    [Fact]
    public void DemoGuest_PrintsTheSame_WithAndWithoutTheTranslator_AndAFixedRtcEpoch()
    {
        // The built-in demo with a fixed RTC power-on time (Unix seconds and the same instant as a date).
        var off = HostProcess.Emu("run", "--clock", "insns", "--stats", "--jit", "off", "--rtc-epoch", "1700000000");
        var on = HostProcess.Emu("run", "--clock", "insns", "--stats", "--jit", "on", "--jit-threshold", "1", "--rtc-epoch", "2023-11-14T22:13:20Z");
        Assert.True(off.ExitCode == 0, off.Describe());
        Assert.True(on.ExitCode == 0, on.Describe());
        Assert.Equal(off.StdoutText, on.StdoutText);
        Assert.Matches(@"emu:   jit regions=[1-9]", on.Stderr);
        Assert.DoesNotContain("jit regions", off.Stderr);
    }

    [Theory]
    [InlineData("be")]
    [InlineData("le")]
    public void CallBench_CallsStayInARegionSpanningPages_AndMatchesTheInterpreter(string endian)
    {
        // The prebuilt bench-call (what `emu bench -w call` runs) calls f_add and f_mix on another page than their
        // caller ten million times, and f_mix's `jr ra` is its page's last word: calls, returns and that delay slot stay
        // inside one region spanning both pages (each jump between them checked against the GvaCache), so hardly any
        // exit chains region to region (there were two chains per call before regions spanned pages). Everything but
        // the `--stats` jit line must equal the interpreter's run.
        var elf = Path.Combine(RepoPaths.GuestSources, "prebuilt", endian, "bench-call.elf");
        var off = HostProcess.Emu("run", "--clock", "insns", "--stats", "--jit", "off", elf);
        var on = HostProcess.Emu("run", "--clock", "insns", "--stats", "--jit", "on", elf);
        Assert.True(on.ExitCode == off.ExitCode, on.Describe());
        Assert.Equal(off.StdoutText, on.StdoutText);
        var jit = Regex.Match(on.Stderr, @"^emu:   jit regions=.* chains=(\d+) .*\n", RegexOptions.Multiline);
        Assert.True(jit.Success, on.Stderr);
        Assert.True(long.Parse(jit.Groups[1].Value) < 100_000, jit.Value);
        Assert.Equal(off.Stderr, on.Stderr.Replace(jit.Value, ""));
    }
}
