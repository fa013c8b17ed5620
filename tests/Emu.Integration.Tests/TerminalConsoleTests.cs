using System.Diagnostics;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// `emu run -kernel` on a real pseudo-terminal, under host time, as a person would use it: keys reach the guest
/// as they are typed (busybox's Tab completion answers before any Enter, nothing is echoed twice), Ctrl-C
/// interrupts a guest command, a guest `sleep 2` takes about two seconds of wall time, an idle prompt leaves the
/// host core alone, the Ctrl-A c monitor answers and resets the board, Ctrl-A x quits with status 0 without
/// Enter, and the terminal's modes are as they were. One boot serves every check (a Linux boot costs ~30 s).
/// </summary>
public class TerminalConsoleTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan Reply = TimeSpan.FromSeconds(30);
    // (C#'s "\x01c" would be one character, U+001C.)
    private const string CtrlA = "\u0001";
    private const string CtrlC = "\u0003";

    [SkippableFact]
    public void DebianOnPty_HostClock_RawKeys_CtrlC_Sleep_Idle_Monitor_CtrlAx_RestoresTerminal()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        using var pty = new PseudoTerminal();
        var modesBefore = pty.SttySettings();
        using var emu = new TerminalSession(pty, "run", "--clock", "host", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 nokaslr");
        Assert.True(emu.WaitFor("/ # ", Boot), "no shell prompt\n" + emu.Describe());

        // Idle at the prompt: the vCPU sleeps in WAIT until its next timer event (QEMU uses ~3% here).
        var cpu0 = emu.CpuSeconds();
        var wall = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(5));
        var idleShare = (emu.CpuSeconds() - cpu0) / wall.Elapsed.TotalSeconds;
        log.WriteLine($"idle prompt: {idleShare:P1} of a core");
        Assert.True(idleShare < 0.20, $"an idle guest used {idleShare:P1} of a core over 5 s");

        // Raw keys: Tab reaches busybox before any Enter and it completes the command name (a line-buffered
        // console would deliver nothing until Enter).
        emu.Type("ech");
        Assert.True(emu.WaitFor("ech", Reply), "typed keys not echoed by the guest before Enter\n" + emu.Describe());
        emu.Type("\t");
        Assert.True(emu.WaitFor("o ", Reply), "Tab completion did not answer\n" + emu.Describe());
        emu.Type("zq-$((6*7))\r");
        Assert.True(emu.WaitFor("zq-42", Reply), "command did not run\n" + emu.Describe());
        Assert.True(emu.WaitFor("/ # ", Reply), emu.Describe());
        // Echoed once, by the guest only: the terminal's own echo is off.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(emu.Screen, @"zq-\$\(\(6\*7\)\)"));

        // Host time: `sleep 2` lasts two wall seconds (under instruction time it returns in a fraction of one).
        var sleep = Stopwatch.StartNew();
        emu.Type("sleep 2; echo slept-$((1+1))\r");
        Assert.True(emu.WaitFor("slept-2", Reply), "sleep 2 did not end\n" + emu.Describe());
        log.WriteLine($"guest sleep 2: {sleep.Elapsed.TotalSeconds:F2} s of wall time");
        Assert.InRange(sleep.Elapsed.TotalSeconds, 2.0, 6.0);
        Assert.True(emu.WaitFor("/ # ", Reply), emu.Describe());

        // Ctrl-C is the guest's: it interrupts `sleep 100` (which under host time would take 100 s).
        emu.Type("sleep 100; echo not-interrupted\r");
        Thread.Sleep(500);
        emu.Type(CtrlC);
        emu.Type("echo after-$((2+3))\r");
        Assert.True(emu.WaitFor("after-5", Reply), "Ctrl-C did not interrupt sleep 100\n" + emu.Describe());
        Assert.DoesNotContain("not-interrupted", emu.Screen.Replace("echo not-interrupted", ""));

        // Ctrl-A c: the monitor. info registers reads the stopped vCPU; stop/cont; back to the guest.
        emu.Type(CtrlA + "c");
        Assert.True(emu.WaitFor("(emu) ", Reply), "no monitor prompt\n" + emu.Describe());
        emu.Type("info registers\r");
        Assert.True(emu.WaitFor("GPR00: zero 00000000", Reply), "info registers\n" + emu.Describe());
        Assert.True(emu.WaitFor("CP0 Status 0x", Reply), emu.Describe());
        emu.Type("stop\r");
        Assert.True(emu.WaitFor("(emu) ", Reply), emu.Describe());
        emu.Type("info status\r");
        Assert.True(emu.WaitFor("VM status: paused; clock host", Reply), "stop\n" + emu.Describe());
        emu.Type("cont\r");
        emu.Type("info status\r");
        Assert.True(emu.WaitFor("VM status: running", Reply), "cont\n" + emu.Describe());
        emu.Type(CtrlA + "c");
        emu.Type("echo back-$((3+4))\r");
        Assert.True(emu.WaitFor("back-7", Reply), "guest console after the monitor\n" + emu.Describe());

        // system_reset does what the guest's reboot does: the board resets and the kernel boots again.
        emu.Type(CtrlA + "csystem_reset\r");
        Assert.True(emu.WaitFor("Linux version 6.1", Boot), "system_reset did not reboot\n" + emu.Describe());

        // Ctrl-A x quits at once, without Enter, with status 0; the terminal gets its modes back.
        emu.Type(CtrlA + "x");
        Assert.Equal(0, emu.WaitForExit(Reply));
        Assert.Equal(modesBefore, pty.SttySettings());
    }

    [SkippableTheory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    [InlineData("HUP", 130)]
    public void Signal_WhileTheGuestRuns_StopsInOrder_AndRestoresTheTerminal(string signal, int status)
    {
        var (vmlinuz, _) = DebianMaltaImage.Require();
        using var pty = new PseudoTerminal();
        var modesBefore = pty.SttySettings();
        using var emu = new TerminalSession(pty, "run", "--clock", "host", "-kernel", vmlinuz);
        // Raw mode is on once the terminal's modes change; the guest is busy decompressing by then.
        var clock = Stopwatch.StartNew();
        while (pty.SttySettings() == modesBefore)
        {
            Assert.True(clock.Elapsed < Reply, "emu never put the terminal in raw mode\n" + emu.Describe());
            Thread.Sleep(100);
        }
        var kill = HostProcess.Run("kill", [$"-{signal}", emu.ProcessId.ToString()], Reply);
        Assert.Equal(0, kill.ExitCode);
        Assert.Equal(status, emu.WaitForExit(Reply));
        Assert.Equal(modesBefore, pty.SttySettings());
    }
}
