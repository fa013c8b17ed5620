using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Decoded code is a bounded cache: four vCPUs (a limit of 40M instructions each) running through 160 MiB of zeroed RAM each (tools/guest/smp-nop-sled,
/// a nop sled; 40,960 pages per vCPU, 1.3 GB of decoded slots if nothing were dropped) must keep emu's peak resident
/// memory within twice the guest's 256 MiB of RAM, as the robustness issue asks.
/// </summary>
public class CodeCacheBoundTests
{
    [SkippableFact]
    public void NopSledOnFourVcpus_PeakRss_StaysWithinTwiceGuestRam()
    {
        var elf = GuestBuild.Elf("le", "smp-nop-sled");
        var emu = HostProcess.Emu("run", "--clock", "insns", "--smp", "4", "-m", "256", "--stats", "-no-reboot", "--max-insns", "40000000",
            "-kernel", elf, "-append", "cpus=4");
        Assert.True(emu.ExitCode == 3, emu.Describe()); // the instruction limit ends the run
        var m = Regex.Match(emu.Stderr, @"decoded-pages=(\d+) code-cache-evictions=(\d+) peak-rss-mib=(\d+)");
        Assert.True(m.Success, emu.Describe());
        Assert.True(long.Parse(m.Groups[2].Value) > 0, "the sled should have filled the code cache: " + m.Value);
        Assert.InRange(long.Parse(m.Groups[3].Value), 1, 512);
    }
}
