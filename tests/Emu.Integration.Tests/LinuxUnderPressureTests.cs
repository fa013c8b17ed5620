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
        using var emu = new ConsoleSession("run", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", "console=ttyS0 nokaslr", "--max-insns", "16000000000",
            "--host-pressure", "ksm,cow,swap,age,mprotect", "--pressure-seed", "6", "--pressure-rate", "2000");

        Assert.True(emu.WaitFor("/ # ", TimeSpan.FromMinutes(4)), "no shell prompt under pressure\n" + emu.Describe());
        log.WriteLine($"shell prompt after {clock.Elapsed.TotalSeconds:F1} s");
        // 512 KiB of random data copied and compared, with checksums: lost or stale pages would show.
        emu.TypeLine("dd if=/dev/urandom of=/tmp/a bs=1024 count=512 2>/dev/null; cp /tmp/a /tmp/b; " +
                     "cmp /tmp/a /tmp/b && echo same-$((40+2)); md5sum /tmp/a /tmp/b | cut -c1-32 | uniq | wc -l");
        Assert.True(emu.WaitFor("same-42", TimeSpan.FromMinutes(2)), "copies differ\n" + emu.Describe());
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
    }

    [GeneratedRegex(@"^emu:\s+flushes=(?<flushes>\d+) notifier-range-start=(?<starts>\d+)", RegexOptions.Multiline)]
    private static partial Regex VmLine();
}
