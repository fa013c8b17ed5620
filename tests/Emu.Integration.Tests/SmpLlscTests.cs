using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// tools/guest/smp-llsc: two vCPUs each add 1 to one shared word 200,000 times with LL/SC. The word must end at
/// exactly 400,000 (LL/SC atomic across vCPUs: Emu's vCPUs are host threads running at once), on Emu and on QEMU
/// 7.2 with -smp 2 (same ELF, same output), and on Emu while the simulated host merges, COW-shares, swaps, ages and
/// write-protects guest RAM (an SC after the host moved the page must fail, never write the old frame).
/// </summary>
public class SmpLlscTests
{
    // The limit only bounds a hang. With free vCPU threads one vCPU may spin at JIT speed while the host runs the other
    // little (a loaded CI machine took 400,000,000 instructions and did not finish), so it is generous.
    private static string[] EmuArgs(string elf, params string[] extra) =>
        ["run", "--smp", "2", "-no-reboot", "--clock", "insns", "--max-insns", "4000000000", .. extra, "-kernel", elf, "-append", "cpus=2"];

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void TwoVcpus_LlScIncrements_AddUpExactly_LikeQemu(string endian)
    {
        var elf = GuestBuild.Elf(endian, "smp-llsc");
        var emu = HostProcess.Emu(EmuArgs(elf));
        Assert.True(emu.ExitCode == 0, emu.Describe());
        Assert.Contains("counter = 0x00061a80", emu.StdoutLines);
        Assert.Equal("smp-llsc: PASS", emu.StdoutLines.LastOrDefault());

        var qemuBinary = endian == "be" ? "qemu-system-mips" : "qemu-system-mipsel";
        RequiredTools.Require(qemuBinary, "qemu-system-mips");
        var qemu = HostProcess.Run(qemuBinary,
            ["-M", "malta", "-smp", "2", "-nographic", "-no-reboot", "-nic", "none", "-vga", "none", "-kernel", elf, "-append", "cpus=2"],
            TimeSpan.FromSeconds(60));
        Assert.False(qemu.TimedOut, qemu.Describe());
        Assert.Equal(qemu.StdoutText, emu.StdoutText);
    }

    [SkippableTheory]
    [InlineData("be", 101)]
    [InlineData("le", 202)]
    public void TwoVcpus_LlScIncrements_AddUpExactly_UnderHostPressure(string endian, int seed)
    {
        var elf = GuestBuild.Elf(endian, "smp-llsc");
        var emu = HostProcess.Emu(EmuArgs(elf, "--host-pressure", "ksm,cow,swap,age,mprotect", "--pressure-seed", seed.ToString(), "--pressure-rate", "0"));
        Assert.True(emu.ExitCode == 0, $"seed {seed}\n" + emu.Describe());
        Assert.Contains("counter = 0x00061a80", emu.StdoutLines);
        Assert.Equal("smp-llsc: PASS", emu.StdoutLines.LastOrDefault());
        Assert.Matches(@"notifier invalidate_range_start\s*│\s*[1-9]", emu.Stderr);
    }
}
