using System.CommandLine;
using Emu.Cli;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// QEMU's single-dash spellings mean what the double-dash forms mean (parsed in process, through the option
/// set `emu run` and `emu boot-debian` share), and the help says what the options do.
/// </summary>
public class CliSpellingTests
{
    private static MachineRunSettings Parse(params string[] args)
    {
        var options = new MachineCliOptions();
        var command = new Command("t");
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.True(parse.Errors.Count == 0, string.Join("; ", parse.Errors.Select(e => e.Message)));
        Assert.Empty(parse.UnmatchedTokens);
        Assert.Null(options.Read(parse, null, out var settings));
        return settings;
    }

    [Theory]
    [InlineData("-smp 2", "--smp 2", true)]
    [InlineData("-gdb tcp::4321", "--gdb tcp::4321", true)]
    [InlineData("-gdb tcp::4321 -S", "--gdb tcp::4321 --gdb-wait", true)]
    [InlineData("-s", "--gdb tcp::1234", true)]
    [InlineData("-S", "--gdb tcp::1234 --gdb-wait", true)]
    [InlineData("-no-reboot", "--no-reboot", true)]
    [InlineData("-nographic -serial stdio", "", false)]
    [InlineData("-serial mon:stdio", "--serial stdio", false)]
    [InlineData("-m 64", "--memory 64", true)]
    [InlineData("-m 64M", "--memory 64", true)]
    [InlineData("-m 1G", "--memory 1024", false)] // parsed alike; both then refused as more than 256 MiB
    [InlineData("-M malta", "--machine malta", false)]
    [InlineData("--max-insns 0x1000 --tlb-entries 0x20", "--max-insns 4096 --tlb-entries 32", true)] // hex whole numbers
    [InlineData("-smp 4 -m 128 -no-reboot -nographic -gdb tcp::5555", "--smp 4 --memory 128 --no-reboot --gdb tcp::5555", true)]
    public void QemuSpelling_ParsesLikeTheLongForm(string qemu, string longForm, bool differsFromDefault)
    {
        static string[] Words(string s) => s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (qemu.Contains("1G"))
        {
            Assert.Equal(ParseError(Words(longForm)), ParseError(Words(qemu)));
            return;
        }
        var a = Parse(Words(qemu));
        Assert.Equal(Parse(Words(longForm)), a);
        // The comparison is not vacuous: where the spelling says something, it differs from the defaults.
        Assert.Equal(differsFromDefault, !Parse().Equals(a));
    }

    private static string? ParseError(string[] args)
    {
        var options = new MachineCliOptions();
        var command = new Command("t");
        options.AddTo(command);
        return options.Read(command.Parse(args), null, out _);
    }

    [Fact]
    public void QemuSpellings_AreNotTakenApartAsBundledFlags()
    {
        // -smp could be read as -s -m p under POSIX bundling; it must be QEMU's -smp.
        var s = Parse("-smp", "3");
        Assert.Equal(3, s.Machine.Vcpus);
        Assert.Null(s.Gdb);
    }

    [Fact]
    public void RunHelp_ListsTheQemuSpellings_AndSaysWhatStatsPrints()
    {
        var r = HostProcess.Emu("run", "--help");
        Assert.Equal(0, r.ExitCode);
        foreach (var spelling in new[] { "-smp", "-gdb", "-no-reboot", "-nographic", "-serial", "-kernel", "-initrd", "-append", "-S", "-s", "--host-pressure" })
        {
            Assert.Contains(spelling, r.StdoutText);
        }
        Assert.Matches("--stats.*exceptions", r.StdoutText.Replace("\n", " "));
    }

    [Fact]
    public void BootDebian_SharesRunsMachineOptions()
    {
        var run = HostProcess.Emu("run", "--help").StdoutText;
        var debian = HostProcess.Emu("boot-debian", "--help").StdoutText;
        foreach (var option in new[] { "-smp", "--host-pressure", "--pressure-seed", "--balloon", "-gdb", "--gdb-on-detach", "-S", "--tlb-entries", "--max-insns", "--stats", "-no-reboot", "-serial" })
        {
            Assert.Contains(option, run);
            Assert.Contains(option, debian);
        }
    }
}
