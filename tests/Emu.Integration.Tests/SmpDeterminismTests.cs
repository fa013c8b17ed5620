using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// Several vCPUs interleaved deterministically (issue 16: <c>--smp-order round-robin</c>, which --record, --replay and
/// --snapshot-every use with --smp N&gt;1): two runs of the SMP guests give the same --stats to the last counter (free
/// vCPU threads do not: the instructions each vCPU spins depend on the host), a recording of an SMP run replays to the
/// same output and final state hash (console input included), and what cannot be made deterministic is refused in one
/// line with exit 2.
/// </summary>
public sealed class SmpDeterminismTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-smp-rr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string[] SmpArgs(string elf, params string[] extra) =>
        ["run", "--smp", "2", "-no-reboot", "--clock", "insns", "--max-insns", "400000000", .. extra, "-kernel", elf, "-append", "cpus=2"];

    [SkippableTheory]
    [InlineData("be", "smp-llsc", "16384")]
    [InlineData("le", "smp-selfmod", "100")]
    public void TwoRoundRobinRuns_GiveIdenticalStats(string endian, string program, string quantum)
    {
        var elf = GuestBuild.Elf(endian, program);
        var runs = Enumerable.Range(0, 2)
            .Select(_ => HostProcess.Emu(SmpArgs(elf, "--smp-order", "round-robin", "--smp-quantum", quantum, "--stats")))
            .ToList();
        foreach (var r in runs)
        {
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Equal($"{program}: PASS", r.StdoutLines.LastOrDefault());
            Assert.Matches(@"vcpu1 status=", r.Stderr);
            Assert.Contains($"emu:   smp-order round-robin: turns of {quantum} instructions", r.Stderr);
        }
        Assert.Equal(runs[0].StdoutText, runs[1].StdoutText);
        Assert.Equal(runs[0].Stderr, runs[1].Stderr);
    }

    [SkippableFact]
    public void HostPressure_WhichTheGuestCannotSee_DoesNotChangeARoundRobinRun()
    {
        // Swap-outs, merges and write-protections of guest RAM stall vCPUs on the host, at host-chosen moments; with
        // free threads that shifts the interleaving, with turns it must not.
        var elf = GuestBuild.Elf("le", "smp-llsc");
        var runs = new[] { "101", "202" }
            .Select(seed => HostProcess.Emu(SmpArgs(elf, "--smp-order", "round-robin", "--smp-quantum", "500",
                "--host-pressure", "ksm,cow,swap,age,mprotect", "--pressure-seed", seed, "--pressure-rate", "0")))
            .ToList();
        foreach (var r in runs)
        {
            Assert.True(r.ExitCode == 0, r.Describe());
            Assert.Equal("smp-llsc: PASS", r.StdoutLines.LastOrDefault());
            Assert.Matches(@"notifier invalidate_range_start\s*│\s*[1-9]", r.Stderr);
        }
        static string[] GuestVisible(string stderr) =>
            [.. stderr.Split('\n').Where(l => l.StartsWith("emu: Halted;", StringComparison.Ordinal) || l.Contains(" status=", StringComparison.Ordinal))];
        Assert.Equal(3, GuestVisible(runs[0].Stderr).Length);
        Assert.Equal(GuestVisible(runs[0].Stderr), GuestVisible(runs[1].Stderr));
        Assert.Equal(runs[0].StdoutText, runs[1].StdoutText);
    }

    [SkippableFact]
    public void ARecordedSmpRun_ReplaysToTheSameOutputAndStateHash()
    {
        var elf = GuestBuild.Elf("be", "smp-llsc");
        var recording = Path.Combine(_dir, "llsc.rec");
        var recorded = HostProcess.Emu(SmpArgs(elf, "--record", recording));
        Assert.True(recorded.ExitCode == 0, recorded.Describe());
        Assert.Equal("smp-llsc: PASS", recorded.StdoutLines.LastOrDefault());
        var lines = File.ReadAllLines(recording);
        Assert.Contains(lines, l => l.StartsWith("machine ", StringComparison.Ordinal) && l.Contains(" vcpus=2 ", StringComparison.Ordinal)
                                    && l.EndsWith($" smp-order=round-robin quantum={Emu.Emulator.RoundRobinSchedule.DefaultQuantum}", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("end ", StringComparison.Ordinal) && l.Split(' ')[2] == "halted");

        var replay = HostProcess.Emu(SmpArgs(elf, "--replay", recording));
        Assert.True(replay.ExitCode == 0, replay.Describe());
        Assert.Equal(recorded.StdoutText, replay.StdoutText);
        Assert.Contains("emu: replay matches the recording", replay.Stderr);

        // Another quantum is another interleaving, so another machine.
        var other = HostProcess.Emu(SmpArgs(elf, "--replay", recording, "--smp-quantum", "1000"));
        Assert.Equal(2, other.ExitCode);
        var error = Assert.Single(other.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"emu: error: --replay {recording}: the machine differs from the recording's", error);
    }

    [SkippableFact]
    public void ConsoleInput_ToAnSmpMachine_ReplaysAtTheSamePositions()
    {
        // rr-echo on vCPU 0 prints how many UART polls preceded each byte; vCPU 1 spins in the start code's park loop,
        // taking its turns in between.
        var elf = GuestBuild.Elf("le", "rr-echo");
        var recording = Path.Combine(_dir, "echo.rec");
        string recorded;
        using (var emu = new ConsoleSession("run", "--smp", "2", "--clock", "insns", "--record", recording, elf))
        {
            Assert.True(emu.WaitFor("'.' ends", Wait), emu.Describe());
            emu.TypeLine("x");
            Assert.True(emu.WaitFor("got 10 after", Wait), emu.Describe());
            emu.TypeLine("y.");
            Assert.Equal(0, emu.WaitForExit(Wait));
            recorded = emu.Output;
        }
        Assert.InRange(File.ReadAllLines(recording).Count(l => l.StartsWith("input ", StringComparison.Ordinal)), 2, 4);
        var replay = HostProcess.Emu("run", "--smp", "2", "--clock", "insns", "--replay", recording, elf);
        Assert.True(replay.ExitCode == 0, replay.Describe());
        Assert.Equal(Polls(recorded), Polls(replay.StdoutText));
        Assert.Equal(4, Polls(recorded).Count);
        Assert.Contains("emu: replay matches the recording", replay.Stderr);
    }

    private static List<string> Polls(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("got ", StringComparison.Ordinal) || l.StartsWith("rr-echo: ", StringComparison.Ordinal) && l.Contains("bytes", StringComparison.Ordinal))];

    [SkippableTheory]
    [InlineData("--smp-order free --record {rec} --clock insns", "--record with --smp 2 needs --smp-order round-robin: free vCPU threads interleave nondeterministically")]
    [InlineData("--smp-order round-robin --clock host", "--smp-order round-robin needs --clock insns: turns are counted in guest instructions")]
    [InlineData("--snapshot-every 1000 --clock host", "--smp-order round-robin (what --snapshot-every uses with --smp 2) needs --clock insns: turns are counted in guest instructions")]
    [InlineData("--smp-quantum 0 --clock insns", "--smp-quantum must be a positive number of instructions")]
    public void WhatCannotBeDeterministic_IsRefusedInOneLine(string flags, string message)
    {
        var elf = GuestBuild.Elf("be", "smp-llsc");
        var args = flags.Replace("{rec}", Path.Combine(_dir, "x.rec"), StringComparison.Ordinal).Split(' ');
        var r = HostProcess.Emu(["run", "--smp", "2", .. args, "-kernel", elf, "-append", "cpus=2"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"emu: error: {message}", r.Stderr.Trim());
        Assert.Empty(r.StdoutText);
    }
}
