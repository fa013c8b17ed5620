using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// Debian's Malta kernel on the default CPU (the 24Kf, as QEMU's default): /proc/cpuinfo reports the FPU the
/// way QEMU's does, busybox's awk (hard-float Debian userland) computes what it computes on QEMU 7.2, and the
/// kernel's FP emulator is not needed: Coprocessor Unusable exceptions are only the kernel's lazy FPU
/// ownership (one per process that uses FP), far fewer than the 24Kc run, which emulates every FP instruction.
/// ("ASEs implemented" is not compared: QEMU's 24Kf lists MIPS16, which Emu's integer core does not implement.)
/// </summary>
public partial class LinuxFpuTests(ITestOutputHelper log)
{
    private const string Command =
        "grep -E '^(cpu model|isa)' /proc/cpuinfo; " +
        "awk 'BEGIN{print \"awk\", 2/3, 1e300*1e300, -1e300*1e300, 1e-320/3, int(-7.9), 0.1+0.2==0.3, 1/3*3, 7%2.5; " +
        "printf \"awkf %.17g %.17g %.17g %d %.3e\\n\", 0.1+0.2, 2/3, 1e22/7, 2147483647.9, 123456789012345678}'; echo fp-$((6*7))";

    [SkippableFact]
    public void DebianOn24Kf_ShowsTheFpu_AndAwkPrintsWhatQemuPrints()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        RequiredTools.Require("qemu-system-mipsel", "qemu-system-mips");

        string qemuLines;
        using (var qemu = ConsoleSession.Of("qemu-system-mipsel", "-M", "malta", "-nographic", "-no-reboot", "-nic", "none",
                   "-vga", "none", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 nokaslr"))
        {
            Assert.True(qemu.WaitFor("/ # ", TimeSpan.FromMinutes(3)), "QEMU: no shell\n" + qemu.Describe());
            qemu.TypeLine(Command);
            Assert.True(qemu.WaitFor("fp-42", TimeSpan.FromMinutes(1)), "QEMU: no answer\n" + qemu.Describe());
            qemuLines = Interesting(qemu.Output);
        }
        log.WriteLine("QEMU:\n" + qemuLines);

        var (emuLines, cpu24Kf) = RunEmu(vmlinuz, initrd, "24Kf");
        log.WriteLine("Emu 24Kf:\n" + emuLines);
        Assert.Contains("cpu model", qemuLines);
        Assert.Contains("awkf ", qemuLines);
        Assert.Equal(qemuLines, emuLines);
        Assert.Contains("FPU V0.0", emuLines);

        var (_, cpu24Kc) = RunEmu(vmlinuz, initrd, "24Kc");
        log.WriteLine($"CpU exceptions: 24Kf {cpu24Kf}, 24Kc {cpu24Kc}");
        Assert.True(cpu24Kc > 20 * Math.Max(cpu24Kf, 1), $"24Kf {cpu24Kf} vs 24Kc {cpu24Kc}: the FP emulator still runs on the 24Kf");
    }

    private (string Lines, long CpuExceptions) RunEmu(string vmlinuz, string initrd, string cpu)
    {
        using var emu = new ConsoleSession("run", "-kernel", vmlinuz, "-initrd", initrd, "-append", "console=ttyS0 nokaslr",
            "-cpu", cpu, "--stats", "--max-insns", "16000000000");
        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(4)), $"Emu {cpu}: no shell\n" + emu.Describe());
        emu.TypeLine(Command);
        Assert.True(emu.WaitFor("fp-42", TimeSpan.FromMinutes(2)), $"Emu {cpu}: no answer\n" + emu.Describe());
        var lines = Interesting(emu.Output);
        emu.TypeLine("poweroff -f");
        Assert.Equal(0, emu.WaitForExit(TimeSpan.FromMinutes(2)));
        var m = CpuLine().Match(emu.Stderr);
        return (lines, m.Success ? long.Parse(m.Groups[1].Value) : 0);
    }

    /// <summary>The lines the command prints (cpuinfo fields and the awk results), in order.</summary>
    private static string Interesting(string output) =>
        string.Join("\n", output.Replace("\r", "").Split('\n')
            .Where(l => l.StartsWith("cpu model", StringComparison.Ordinal) || l.StartsWith("isa", StringComparison.Ordinal)
                        || l.StartsWith("awk", StringComparison.Ordinal)));

    [GeneratedRegex(@"^emu:\s+exceptions CpU: (\d+)", RegexOptions.Multiline)]
    private static partial Regex CpuLine();
}
