using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// monitor system_reset on a booted Debian kernel reboots it the way a guest reboot does (QEMU's
/// system_reset): the self-decompressing vmlinuz is written again, so the kernel prints its banner a
/// second time (resetting only the vCPUs re-ran the decompressor over its own output: a bus error).
/// </summary>
public partial class LinuxResetTests
{
    [SkippableFact]
    public void MonitorSystemReset_OnABootedKernel_ReachesTheBannerAgain()
    {
        Infrastructure.Gdb.Require();
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var port = EmuProcess.FreePort();
        // Not -S: the kernel boots at once; the debugger comes only for the reset.
        using var emu = EmuProcess.Start("--gdb", $"tcp::{port}", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0");
        Assert.True(WaitForBanners(emu, 1, TimeSpan.FromMinutes(3)), "no first banner\n" + emu.Describe());
        var r = Infrastructure.Gdb.Run(null, $"127.0.0.1:{port}",
            ["monitor system_reset", "maintenance flush register-cache", "p/x $pc", "detach"],
            endian: "little");
        var text = r.All();
        Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
        Infrastructure.Gdb.Has(text, "system_reset: board reset");
        Infrastructure.Gdb.Has(text, "$1 = 0xbfc00000"); // stopped at the reset vector
        Assert.True(WaitForBanners(emu, 2, TimeSpan.FromMinutes(3)), "no banner after the reset\n" + emu.Describe());
        Assert.DoesNotContain("Kernel panic", emu.Stdout);
    }

    private static bool WaitForBanners(EmuProcess emu, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Banner().Matches(emu.Stdout).Count < count)
        {
            if (emu.HasExited || DateTime.UtcNow > deadline)
            {
                return false;
            }
            Thread.Sleep(200);
        }
        return true;
    }

    [GeneratedRegex(@"Linux version \d+\.\d+")]
    private static partial Regex Banner();
}
