using System.Diagnostics;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// Debian 12's stock Malta kernel (the package's self-decompressing vmlinuz, unmodified) boots on emu's Malta
/// board with the busybox initramfs to a shell that answers commands. Bounded by --max-insns so a hang ends;
/// the test stops emu as soon as it has what it checks.
/// </summary>
public class LinuxBootTests(ITestOutputHelper log)
{
    /// <summary>About 2.0e9 instructions of decompressor, 3.8e9 to the prompt (twice: the test reboots); bounded.</summary>
    private const string MaxInsns = "16000000000";

    [SkippableFact]
    public void DebianKernel_PrintsBanner_BootsToShell_RunsCommands_Reboots_AndPowersOff()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var clock = Stopwatch.StartNew();
        using var emu = new ConsoleSession("run", "--clock", "insns", "--rtc-epoch", "2026-11-30T09:00:00", "-kernel", vmlinuz,
            "-initrd", initrd, "-append", "console=ttyS0 nokaslr", "--max-insns", MaxInsns);

        Assert.True(emu.WaitFor("Linux version 6.1", TimeSpan.FromMinutes(3)), "no kernel banner\n" + emu.Describe());
        log.WriteLine($"banner after {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(emu.WaitFor("CPU frequency 100.00 MHz", TimeSpan.FromMinutes(2)), "RTC calibration\n" + emu.Describe());
        // --rtc-epoch: the kernel sets its clock from the RTC (seconds after power-on have passed by then).
        Assert.True(emu.WaitFor("setting system clock to 2026-11-30T09:00:", TimeSpan.FromMinutes(2)), "RTC epoch\n" + emu.Describe());
        Assert.True(emu.WaitFor("emu-initramfs: up (6.1.0-", TimeSpan.FromMinutes(3)), "init did not run\n" + emu.Describe());
        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(1)), "no shell prompt\n" + emu.Describe());
        log.WriteLine($"shell prompt after {clock.Elapsed.TotalSeconds:F1} s");

        emu.TypeLine("uname -m; echo emu-$((6*7)) > /tmp/f; cat /tmp/f");
        Assert.True(emu.WaitFor("mips", TimeSpan.FromMinutes(1)), "uname\n" + emu.Describe());
        Assert.True(emu.WaitFor("emu-42", TimeSpan.FromMinutes(1)), "tmpfs write/read\n" + emu.Describe());
        log.WriteLine($"commands answered after {clock.Elapsed.TotalSeconds:F1} s");

        // Malta SOFTRES resets the board: the same kernel boots again from the reset vector.
        emu.TypeLine("reboot -f");
        Assert.True(emu.WaitFor("reboot: Restarting system", TimeSpan.FromMinutes(1)), "reboot\n" + emu.Describe());
        Assert.True(emu.WaitFor("Linux version 6.1", TimeSpan.FromMinutes(3)), "no banner after reboot\n" + emu.Describe());
        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(3)), "no shell after reboot\n" + emu.Describe());
        log.WriteLine($"shell again after reboot at {clock.Elapsed.TotalSeconds:F1} s");

        // PIIX4 soft-off: the emulator ends with status 0.
        emu.TypeLine("poweroff -f");
        Assert.True(emu.WaitFor("reboot: Power down", TimeSpan.FromMinutes(1)), "poweroff\n" + emu.Describe());
        Assert.Equal(0, emu.WaitForExit(TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void InitrdWithoutKernel_IsBadInput()
    {
        var r = HostProcess.Emu("run", "-initrd", "/dev/null");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("need -kernel", r.Stderr);
    }
}
