using System.Diagnostics;
using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// A guest reboot (Malta SOFTRES) under the real gdb-multiarch, with tools/guest/reboot booted as a -kernel
/// image (SOFTRES resets the board, as on QEMU; the guest counts its boots in RAM the reset keeps). Measured on
/// QEMU 7.2 (-gdb, -S): a reset sends gdb nothing and the machine runs on; with -no-reboot QEMU sends W00 and
/// exits 0. Emu stops at the reset vector with SIGPWR instead (gdb sees the reboot; "handle SIGPWR nostop"
/// restores QEMU's behaviour), and with -no-reboot does what QEMU does; both checked here against QEMU itself.
/// </summary>
public partial class RebootTests
{
    public static TheoryData<string> Endians() => new() { "be", "le" };

    private static (EmuProcess Emu, string Target) StartHalted(string elf, params string[] extra)
    {
        var port = EmuProcess.FreePort();
        var emu = EmuProcess.Start(["-S", "--gdb", $"tcp::{port}", .. extra, "-kernel", elf]);
        return (emu, $"127.0.0.1:{port}");
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void GuestReboot_StopsAtTheResetVector_AndContinueRunsTheNextBoot(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "reboot");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // main (boot 1), the reboot, main (boot 2), the next reboot.
            var r = Infrastructure.Gdb.Run(elf, target,
                ["break main", "continue", "continue", "p/x $pc", "info threads", "continue", "continue", "p/x $pc", "kill"]);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var text = r.All();
            Assert.Equal(2, Regex.Matches(text, @"Breakpoint 1, 0x[0-9a-f]+ in main").Count);
            Assert.Equal(2, Regex.Matches(text, "Program received signal SIGPWR, Power fail/restart").Count);
            Infrastructure.Gdb.Has(text, "$1 = 0xbfc00000");
            Infrastructure.Gdb.Has(text, "$2 = 0xbfc00000");
            Infrastructure.Gdb.Has(text, "emu: the guest reset the board (Malta SOFTRES)");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(30)), "emu did not end after kill\n" + emu.Describe());
            // The second boot ran main to its end: the counter the reset kept says so.
            Assert.Contains("reboot: boot 1\nreboot: PASS\nreboot: boot 2\nreboot: PASS\n", emu.Stdout);
            Assert.DoesNotContain("reboot: boot 3", emu.Stdout);
        }
    }

    [SkippableFact]
    public void GuestReboot_WithSigpwrNotStopping_RunsOnIntoTheNextBoot_AsOnQemu()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "reboot");
        string[] script = ["break main", "continue", "continue", "p/x $pc", "kill"];
        string[] before = ["handle SIGPWR nostop noprint"];

        var (emu, target) = StartHalted(elf);
        ProcessResult onEmu;
        using (emu)
        {
            onEmu = Infrastructure.Gdb.Run(elf, target, script, before);
            Assert.True(onEmu.ExitCode == 0, onEmu.Describe() + emu.Describe());
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(30)), "emu did not end after kill\n" + emu.Describe());
            Assert.Contains("reboot: boot 1\nreboot: PASS\n", emu.Stdout);
        }
        var onQemu = RunOnQemu("qemu-system-mips", elf, script, before, noReboot: false, out _);

        foreach (var text in new[] { onEmu.All(), onQemu.All() })
        {
            Assert.Equal(2, Regex.Matches(text, @"Breakpoint 1, 0x[0-9a-f]+ in main").Count);
            Assert.DoesNotContain("Program received signal", text);
        }
        var main = Regex.Match(onEmu.All(), @"Breakpoint 1 at (0x[0-9a-f]+)").Groups[1].Value;
        Infrastructure.Gdb.Has(onEmu.All(), $"$1 = {main}");
        Infrastructure.Gdb.Has(onQemu.All(), $"$1 = {main}");
    }

    [SkippableTheory]
    [MemberData(nameof(Endians))]
    public void NoReboot_UnderGdb_TheMachineExits_AsOnQemu(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "reboot");
        string[] script = ["continue"];

        var (emu, target) = StartHalted(elf, "-no-reboot");
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target, script);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Infrastructure.Gdb.Has(r.All(), "[Inferior 1 (process 1) exited normally]");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(30)), "emu did not exit\n" + emu.Describe());
            Assert.Equal(0, emu.ExitCode);
            Assert.EndsWith("reboot: boot 1\nreboot: PASS", emu.Stdout.TrimEnd());
        }
        var onQemu = RunOnQemu(endian == "be" ? "qemu-system-mips" : "qemu-system-mipsel", elf, script, null, noReboot: true, out var qemuExit);
        Infrastructure.Gdb.Has(onQemu.All(), "[Inferior 1 (process 1) exited normally]");
        Assert.Equal(0, qemuExit);
    }

    /// <summary>
    /// SIGTERM to emu while gdb waits in a continue: gdb hears the machine is gone (W00, as QEMU 7.2's gdb_exit
    /// sends on its SIGTERM exit, measured) instead of a dropped connection, and emu exits 143.
    /// </summary>
    [SkippableFact]
    public void Sigterm_WhileGdbWaits_GdbSeesTheExit_AndEmuExits143()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("le", "reboot");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            // gdb waits in a continue while the guest reboots over and over (gdb lets each SIGPWR pass).
            ProcessResult? run = null;
            var gdb = new Thread(() => run = Infrastructure.Gdb.Run(elf, target, ["continue"], ["handle SIGPWR nostop noprint"]));
            gdb.Start();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!emu.Stdout.Contains("reboot: boot 3", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !emu.HasExited)
            {
                Thread.Sleep(50);
            }
            Assert.Contains("reboot: boot 3", emu.Stdout);

            emu.Signal("TERM");

            Assert.True(gdb.Join(TimeSpan.FromSeconds(60)), "gdb did not return");
            Infrastructure.Gdb.Has(run!.All(), "[Inferior 1 (process 1) exited normally]");
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(30)), "emu did not exit\n" + emu.Describe());
            Assert.Equal(143, emu.ExitCode);
        }
    }

    /// <summary>The same gdb script against qemu-system-mips[el] -M malta -S -gdb (the reference).</summary>
    private static ProcessResult RunOnQemu(string qemuBinary, string elf, string[] script, string[]? before, bool noReboot, out int exitCode)
    {
        RequiredTools.Require(qemuBinary, "qemu-system-mips");
        var port = EmuProcess.FreePort();
        var psi = new ProcessStartInfo(qemuBinary)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-M", "malta", "-nographic", "-nic", "none", "-vga", "none", .. noReboot ? new[] { "-no-reboot" } : [],
                     "-kernel", elf, "-gdb", $"tcp:127.0.0.1:{port}", "-S"])
        {
            psi.ArgumentList.Add(a);
        }
        using var qemu = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + qemuBinary);
        qemu.OutputDataReceived += (_, _) => { };
        qemu.ErrorDataReceived += (_, _) => { };
        qemu.BeginOutputReadLine();
        qemu.BeginErrorReadLine();
        try
        {
            ProcessResult r = null!;
            // QEMU listens a moment after it starts: retry the attach until it answers.
            for (var attempt = 0; attempt < 20; attempt++)
            {
                r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", script, before);
                if (!r.All().Contains("Connection refused", StringComparison.Ordinal))
                {
                    break;
                }
                Thread.Sleep(250);
            }
            Assert.True(r.ExitCode == 0, "gdb against QEMU:\n" + r.Describe());
            if (noReboot)
            {
                Assert.True(qemu.WaitForExit(TimeSpan.FromSeconds(30)), "QEMU did not exit");
            }
            exitCode = qemu.HasExited ? qemu.ExitCode : -1;
            return r;
        }
        finally
        {
            if (!qemu.HasExited)
            {
                qemu.Kill();
                qemu.WaitForExit();
            }
        }
    }
}
