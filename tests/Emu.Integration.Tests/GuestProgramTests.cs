using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Every self-checking guest program in tools/guest, compiled by mips-linux-gnu-gcc (big-endian)
/// and mipsel-linux-gnu-gcc (little-endian), must pass on `emu run` and print exactly what
/// QEMU 7.2's Malta prints for the same ELF.
/// </summary>
public class GuestProgramTests
{
    public static TheoryData<string, string> Programs()
    {
        var data = new TheoryData<string, string>();
        foreach (var program in GuestBuild.SelfCheckingPrograms())
        {
            data.Add("be", program);
            data.Add("le", program);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void PassesOnEmu(string endian, string program)
    {
        var elf = GuestBuild.Elf(endian, program);
        var emu = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", elf);
        Assert.False(emu.TimedOut, emu.Describe());
        Assert.True(emu.ExitCode == 0, emu.Describe());
        Assert.Equal($"{program}: PASS", emu.StdoutLines.LastOrDefault());
    }

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void PrintsExactlyWhatQemuPrints(string endian, string program)
    {
        var qemuBinary = endian == "be" ? "qemu-system-mips" : "qemu-system-mipsel";
        RequiredTools.Require(qemuBinary, "qemu-system-mips");
        var elf = GuestBuild.Elf(endian, program);

        // -nic none -vga none: Debian's qemu-system-mips without qemu-system-data lacks the NIC and
        // VGA option ROMs; the guests use neither.
        // QEMU's CP0 Count follows host time, so on a loaded machine its run of the timer checks can fail on
        // its own (seen: 3 of 40 runs); the reference gets up to three tries. Emu (deterministic) gets one.
        // The UART goes to a file, not to a pipe: QEMU's serial backend drops bytes when a pipe reader falls behind
        // (seen on a machine with load 24: the 350 KB fpu output lost lines in three runs in a row).
        ProcessResult qemu = null!;
        byte[] qemuOut = [];
        var serialFile = Path.Combine(Path.GetTempPath(), $"emu-qemu-{program}-{endian}-{Environment.ProcessId}.txt");
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                qemu = HostProcess.Run(qemuBinary,
                    ["-M", "malta", "-display", "none", "-monitor", "none", "-serial", $"file:{serialFile}", "-no-reboot", "-nic", "none",
                     "-vga", "none", "-kernel", elf],
                    TimeSpan.FromSeconds(60));
                qemuOut = File.Exists(serialFile) ? File.ReadAllBytes(serialFile) : [];
                if (!qemu.TimedOut && LastLine(qemuOut) == $"{program}: PASS")
                {
                    break;
                }
            }
        }
        finally
        {
            File.Delete(serialFile);
        }
        Assert.False(qemu.TimedOut, "QEMU did not halt:\n" + qemu.Describe());
        Assert.Equal($"{program}: PASS", LastLine(qemuOut));

        var emu = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", elf);
        Assert.Equal(0, emu.ExitCode);
        if (!qemuOut.AsSpan().SequenceEqual(emu.Stdout))
        {
            Assert.Equal(System.Text.Encoding.UTF8.GetString(qemuOut), emu.StdoutText); // shows the first differing line
            Assert.Fail("outputs differ in bytes that do not survive UTF-8 decoding");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Programs))]
    public void PrintsTheSameUnderHostPressure(string endian, string program)
    {
        // KSM merges, COW snapshots, swap-outs, aging and mprotect downgrades of guest RAM while the guest runs
        // must not change a single byte of what it prints (the balloon is left out: it would take pages in use).
        var elf = GuestBuild.Elf(endian, program);
        var plain = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", elf);
        var seed = (endian + program).Aggregate(17, (h, c) => h * 31 + c) & 0xffff;
        var pressured = HostProcess.Emu("run", "--clock", "insns", "--max-insns", "4000000000", "--host-pressure", "ksm,cow,swap,age,mprotect",
            "--pressure-seed", seed.ToString(), "--pressure-rate", "0", elf);
        Assert.True(pressured.ExitCode == 0, $"seed {seed}\n" + pressured.Describe());
        Assert.Equal(plain.StdoutText, pressured.StdoutText);
        Assert.Contains("host pressure: seed " + seed, pressured.Stderr);
        Assert.Matches(@"notifier invalidate_range_start\s*│\s*[1-9]", pressured.Stderr);
    }

    [Fact]
    public void EveryGuestProgramIsCovered()
    {
        // Guards the discovery above: a new program directory must show up here, and the known
        // coverage list of the foundation issue must all be present.
        var programs = GuestBuild.SelfCheckingPrograms().ToHashSet();
        foreach (var expected in new[] { "arith", "recursion", "funcptr", "strings", "unaligned", "llsc", "branches", "exceptions", "tlb", "usermode", "timer", "demo" })
        {
            Assert.Contains(expected, programs);
        }
    }

    private static string? LastLine(byte[] output) =>
        System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
}
