using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// Kernel bring-up in a debugger: gdb-multiarch attaches to emu started halted (-S), breaks at the
/// decompressed kernel's start_kernel — an address that holds nothing yet when the breakpoint is set: the
/// self-decompressing vmlinuz writes the kernel there first — and reads $pc there.
/// </summary>
public partial class LinuxDebugTests(ITestOutputHelper log)
{
    [SkippableFact]
    public void Gdb_StopsAtStartKernel_OfTheDecompressedKernel()
    {
        RequiredTools.Require("gdb-multiarch", "gdb-multiarch");
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var startKernel = StartKernelAddress(vmlinuz, initrd);
        log.WriteLine($"start_kernel = 0x{startKernel:x8} (from /proc/kallsyms, nokaslr)");

        var port = FreePort();
        using var emu = new ConsoleSession("run", "--clock", "insns", "-S", "--gdb", $"tcp::{port}", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 nokaslr");
        var gdb = HostProcess.Run("gdb-multiarch",
        [
            "-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set remotetimeout 30",
            "-ex", "set architecture mips", "-ex", "set endian little", "-ex", $"target remote 127.0.0.1:{port}",
            "-ex", $"break *0x{startKernel:x8}", "-ex", "continue", "-ex", "p/x $pc", "-ex", "kill",
        ], TimeSpan.FromMinutes(3));
        var text = gdb.StdoutText + "\n" + gdb.Stderr;
        log.WriteLine(text);
        Assert.Contains($"Breakpoint 1, 0x{startKernel:x8}", text);
        Assert.Contains($"= 0x{startKernel:x8}", text);
        Assert.DoesNotContain("Linux version 6.1", emu.Output); // stopped at start_kernel: its banner is not printed yet
    }

    /// <summary>
    /// The Debian kernel reboots (busybox reboot -f at the shell: Malta SOFTRES) under gdb, which waits in a
    /// continue: gdb gets a stop reply (SIGPWR at the reset vector; QEMU 7.2 sends nothing and runs on), and a
    /// continue from there runs the second boot: a breakpoint on the kernel image's entry, which only a boot
    /// reaches, is hit, and after the detach the console shows the second banner.
    /// </summary>
    [SkippableFact]
    public void Gdb_GuestReboot_StopsAtTheResetVector_ThenContinuesIntoTheSecondBoot()
    {
        RequiredTools.Require("gdb-multiarch", "gdb-multiarch");
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var entry = ElfEntry(vmlinuz);
        var port = FreePort();
        using var emu = new ConsoleSession("run", "--clock", "insns", "-S", "--gdb", $"tcp::{port}", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0");
        // gdb attaches to the halted machine and continues; it waits in that continue while the kernel boots.
        var gdbRun = Task.Run(() => HostProcess.Run("gdb-multiarch",
        [
            "-nx", "-batch", "-ex", "set pagination off", "-ex", "set confirm off", "-ex", "set remotetimeout 30",
            "-ex", "set architecture mips", "-ex", "set endian little", "-ex", $"target remote 127.0.0.1:{port}",
            "-ex", "continue", "-ex", "p/x $pc", "-ex", $"break *0x{entry:x8}", "-ex", "continue", "-ex", "p/x $pc",
            "-ex", "delete", "-ex", "detach",
        ], TimeSpan.FromMinutes(8)));
        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(4)), "no shell prompt\n" + emu.Describe());
        emu.TypeLine("reboot -f");
        var gdb = gdbRun.Result;
        var text = gdb.StdoutText + "\n" + gdb.Stderr;
        log.WriteLine(text);
        Assert.True(gdb.ExitCode == 0 && !gdb.TimedOut, text + emu.Describe());
        Assert.Contains("Program received signal SIGPWR", text);
        Assert.Contains("$1 = 0xbfc00000", text);
        Assert.Contains($"Breakpoint 1, 0x{entry:x8}", text);
        Assert.Contains($"$2 = 0x{entry:x8}", text);
        Assert.True(emu.WaitFor("Linux version 6.1", TimeSpan.FromMinutes(3)), "no second banner after the detach\n" + emu.Describe());
        Assert.DoesNotContain("Kernel panic", emu.Output);
    }

    /// <summary>e_entry of a little-endian ELF32 file (the Debian Malta vmlinuz).</summary>
    private static uint ElfEntry(string path)
    {
        var header = new byte[0x1c];
        using (var f = File.OpenRead(path))
        {
            f.ReadExactly(header);
        }
        Assert.True(header[4] == 1 && header[5] == 1, "not a little-endian ELF32 file: " + path);
        return BitConverter.ToUInt32(header, 0x18);
    }

    /// <summary>Boots once to the shell and reads start_kernel's address from /proc/kallsyms.</summary>
    private static uint StartKernelAddress(string vmlinuz, string initrd)
    {
        using var emu = new ConsoleSession("run", "--clock", "insns", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 nokaslr",
            "--max-insns", "16000000000");
        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(3)), "no shell prompt\n" + emu.Describe());
        // The marker is computed by the shell, so the terminal's echo of the command line cannot match it.
        emu.TypeLine("grep -w start_kernel /proc/kallsyms; echo kallsyms-$((40+2))");
        Assert.True(emu.WaitFor("kallsyms-42", TimeSpan.FromMinutes(1)), emu.Describe());
        var m = KallsymsLine().Match(emu.Output);
        Assert.True(m.Success, "start_kernel not in /proc/kallsyms\n" + emu.Describe());
        emu.TypeLine("poweroff -f");
        emu.WaitForExit(TimeSpan.FromMinutes(1));
        return uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^([0-9a-f]{8}) [Tt] start_kernel\s*$", RegexOptions.Multiline)]
    private static partial Regex KallsymsLine();
}
