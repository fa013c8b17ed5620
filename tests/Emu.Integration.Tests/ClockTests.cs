using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// `--clock insns|host` on `emu run`: instruction time is reproducible to the last counter, host time runs the
/// same guests correctly, the defaults are the documented ones, and the summary names the clock that ran.
/// (Host time against the wall clock, and an idle guest's CPU use, are checked on Linux in
/// <see cref="TerminalConsoleTests"/>.)
/// </summary>
public class ClockTests
{
    [SkippableFact]
    public void Insns_TwoRunsOfATimerGuest_PrintIdenticalOutputAndStats()
    {
        var elf = GuestBuild.Elf("be", "timer");
        var first = HostProcess.Emu("run", "--clock", "insns", "--stats", elf);
        var second = HostProcess.Emu("run", "--clock", "insns", "--stats", elf);
        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.Equal("timer: PASS", first.StdoutLines.LastOrDefault());
        Assert.Contains("clock insns", first.Stderr);
        Assert.Equal(first.StdoutText, second.StdoutText);
        Assert.Equal(first.Stderr, second.Stderr);
    }

    [SkippableFact]
    public void Host_TimerGuestStillPasses_AndTheSummarySaysHost()
    {
        var elf = GuestBuild.Elf("le", "timer");
        var r = HostProcess.Emu("run", "--clock", "host", "--stats", elf);
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.Equal("timer: PASS", r.StdoutLines.LastOrDefault());
        Assert.Contains("clock host", r.Stderr);
    }

    [Fact]
    public void Default_ForAnElfProgram_IsInstructionTime()
    {
        var r = HostProcess.Emu("run", "--stats", "--max-insns", "1000");
        Assert.Contains("clock insns", r.Stderr);
    }

    [SkippableFact]
    public void Default_ForAKernel_IsHostTime()
    {
        var (vmlinuz, _) = DebianMaltaImage.Require();
        var r = HostProcess.Emu("run", "-kernel", vmlinuz, "--stats", "--max-insns", "1000");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("clock host", r.Stderr);
    }

    [Fact]
    public void UnknownClock_IsBadInput()
    {
        var r = HostProcess.Emu("run", "--clock", "sundial");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("sundial", r.Stderr);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-5")]
    [InlineData("99999999999999")]
    public void BadRtcEpoch_IsBadInput(string value)
    {
        var r = HostProcess.Emu("run", "--rtc-epoch", value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--rtc-epoch", r.Stderr);
        Assert.Single(r.Stderr.Trim().Split('\n'));
    }
}
