using System.Diagnostics;
using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Integration.Tests;

/// <summary>
/// The Debian kernel boot again, with the simulated host merging, COW-sharing, swapping, aging and write-
/// protecting guest RAM the whole time: the guest must not notice (same shell, files written and read back
/// intact), and the host events must really have happened under it.
/// </summary>
public partial class LinuxUnderPressureTests(ITestOutputHelper log)
{
    [SkippableFact]
    public void DebianKernel_BootsAndKeepsItsData_UnderHostPressure()
    {
        var (vmlinuz, initrd) = DebianMaltaImage.Require();
        var clock = Stopwatch.StartNew();
        // The guest is told to use 0-192 MiB and 240-256 MiB (where the boot protocol puts the initrd), so the
        // 48 MiB between are pages it has given up: the only place the balloon may take from.
        using var emu = new ConsoleSession("run", "--clock", "insns", "-m", "256", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 nokaslr mem=192M@0x0 mem=16M@0xf000000", "--max-insns", "16000000000",
            "--host-pressure", "ksm,cow,swap,balloon,age,mprotect", "--balloon", "0x0c000000:0x03000000",
            "--pressure-seed", "6", "--pressure-rate", "2000");

        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(4)), "no shell prompt under pressure\n" + emu.Describe());
        log.WriteLine($"shell prompt after {clock.Elapsed.TotalSeconds:F1} s");
        // 512 KiB of random data copied and compared, with checksums: lost or stale pages would show.
        emu.TypeLine("dd if=/dev/urandom of=/tmp/a bs=1024 count=512 2>/dev/null; cp /tmp/a /tmp/b; " +
                     "cmp /tmp/a /tmp/b && echo same-$((40+2)); md5sum /tmp/a /tmp/b | cut -c1-32 | uniq | wc -l");
        Assert.True(emu.WaitFor("same-42", TimeSpan.FromMinutes(2)), "copies differ\n" + emu.Describe());
        emu.TypeLine("grep -c 24Kc /proc/cpuinfo; grep MemTotal /proc/meminfo; echo info-$((6*7))");
        Assert.True(emu.WaitFor("info-42", TimeSpan.FromMinutes(1)), emu.Describe());
        var memTotal = long.Parse(MemTotalLine().Match(emu.Output).Groups[1].Value);
        Assert.InRange(memTotal, 150_000, 208 * 1024); // at most the 208 MiB given by mem=, less the kernel's own
        emu.TypeLine("poweroff -f");
        Assert.Equal(0, emu.WaitForExit(TimeSpan.FromMinutes(2)));
        log.WriteLine($"powered off after {clock.Elapsed.TotalSeconds:F1} s");

        // --host-pressure implies the exit summary: the host really did invalidate under the guest.
        var summary = emu.Stderr;
        foreach (var line in summary.Split('\n').Where(l => l.StartsWith("emu:", StringComparison.Ordinal) || l.Contains("host:", StringComparison.Ordinal)))
        {
            log.WriteLine(line);
        }
        var vm = VmLine().Match(summary);
        Assert.True(vm.Success, summary);
        Assert.True(long.Parse(vm.Groups["starts"].Value) > 100, summary);
        Assert.Matches(@"host: KSM merges\s*│\s*[1-9]", summary);
        Assert.Matches(@"host: swap-outs\s*│\s*[1-9]", summary);
        Assert.Matches(@"host: balloon pages inflated\s*│\s*[1-9]", summary);
    }

    [GeneratedRegex(@"MemTotal:\s+(\d+) kB")]
    private static partial Regex MemTotalLine();

    [GeneratedRegex(@"^emu:\s+flushes=(?<flushes>\d+) notifier-range-start=(?<starts>\d+)", RegexOptions.Multiline)]
    private static partial Regex VmLine();
}
