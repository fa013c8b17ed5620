using System.Diagnostics;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>The `emu` command line as users type it: defaults, exit codes and errors on bad input.</summary>
public class CliTests
{
    [Theory]
    [InlineData(new string[0], "demo: PASS")]
    [InlineData(new[] { "--endian", "le" }, "demo: PASS")]
    public void RunWithoutElf_RunsTheBuiltInDemo(string[] extra, string lastLine)
    {
        var r = HostProcess.Emu(["run", .. extra]);
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.Contains("Emu", r.StdoutText);
        Assert.Equal(lastLine, r.StdoutLines.Last());
    }

    /// <summary>
    /// The root's --help and --version options are made only when a word asks for them (EmuRootCommand): help still
    /// lists both, from the root or with help's other spellings anywhere, and --version prints the version.
    /// </summary>
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("/?")]
    public void RootHelp_ListsHelpAndVersion(string spelling)
    {
        var r = HostProcess.Emu(spelling);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("-?, -h, --help", r.StdoutText);
        Assert.Contains("--version", r.StdoutText);
        Assert.Contains("run <elf>", r.StdoutText);
    }

    [Theory]
    [InlineData("run", "-?")]
    [InlineData("-?", "run")]
    public void SubcommandHelp_AnyWhereOnTheLine(params string[] args)
    {
        var r = HostProcess.Emu(args);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("emu run [<elf>] [options]", r.StdoutText);
        Assert.Contains("-?, -h, --help", r.StdoutText);
    }

    [Fact]
    public void Version_PrintsTheVersion()
    {
        var r = HostProcess.Emu("--version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", r.StdoutText);
    }

    [Fact]
    public void InstructionLimit_ExitsWith3_AndSaysWhere()
    {
        var r = HostProcess.Emu("run", "--max-insns", "1000");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("instruction limit reached (1000 instructions", r.Stderr);
    }

    public static TheoryData<string, byte[]> BrokenElves() => new()
    {
        { "empty", [] },
        { "text", "this is not an ELF file\n"u8.ToArray() },
        { "truncated-header", [0x7f, (byte)'E', (byte)'L', (byte)'F', 1, 2, 1, 0] },
        { "elf64", [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. new byte[48]] },
    };

    [Theory]
    [MemberData(nameof(BrokenElves))]
    public void BrokenElf_OneLineError_Exit2(string name, byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"emu-broken-{name}-{Environment.ProcessId}.elf");
        File.WriteAllBytes(path, content);
        try
        {
            AssertBadInput(HostProcess.Emu("run", path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void TruncatedRealElf_OneLineError_Exit2()
    {
        var demo = GuestBuild.Elf("be", "demo");
        var bytes = File.ReadAllBytes(demo);
        var path = Path.Combine(Path.GetTempPath(), $"emu-truncated-{Environment.ProcessId}.elf");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        try
        {
            AssertBadInput(HostProcess.Emu("run", path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HostElf_IsRejectedAsNotMips()
    {
        // The dotnet host itself: a real ELF, but x86-64 (or arm64), not EM_MIPS.
        var r = HostProcess.Emu("run", Environment.ProcessPath!);
        AssertBadInput(r);
    }

    [SkippableFact]
    public void EndianMismatch_IsBadInput()
    {
        var r = HostProcess.Emu("run", "--endian", "le", GuestBuild.Elf("be", "demo"));
        AssertBadInput(r);
    }

    [Theory]
    [InlineData("run", "/nonexistent/guest.elf")]
    [InlineData("run", "--no-such-flag")]
    [InlineData("run", "--memory", "0")]
    [InlineData("run", "--memory", "lots")]
    [InlineData("run", "--tlb-entries", "65")]
    [InlineData("run", "--endian", "middle")]
    [InlineData("run", "--max-insns", "-5")]
    [InlineData("run", "--smp", "9")]
    [InlineData("run", "--host-pressure", "ksm,teleport")]
    [InlineData("run", "--host-pressure", "all", "--pressure-rate", "-1")]
    [InlineData("run", "--host-pressure", "balloon", "--balloon", "0x100:0x1000")]
    [InlineData("bench", "--workload", "nope")]
    [InlineData("frobnicate")]
    public void BadCommandLine_Exit2_WithoutStackTrace(params string[] args) => AssertBadInput(HostProcess.Emu(args));

    [SkippableFact]
    public async Task SigInt_StopsCleanly_WithExit130()
    {
        // A guest that never halts (tools/guest/spin): still running when the signal comes, however fast the engine.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "exec", RepoPaths.EmuDll, "run", GuestBuild.Elf("be", "spin") })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        await Task.Delay(1500);
        Assert.False(p.HasExited, "spin ended before it could be interrupted");
        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString()]))
        {
            kill.WaitForExit();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(deadline.Token);
        Assert.Equal(130, p.ExitCode);
        Assert.DoesNotContain("   at ", await stderr);
        await stdout;
    }

    private static void AssertBadInput(ProcessResult r)
    {
        Assert.True(r.ExitCode == 2, r.Describe());
        Assert.StartsWith("emu: ", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr); // no stack trace
        Assert.DoesNotContain("Exception", r.Stderr);
        Assert.Empty(r.Stdout);
    }
}
