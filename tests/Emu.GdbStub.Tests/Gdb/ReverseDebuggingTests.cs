using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// Reverse execution with the real gdb-multiarch (RSP bs/bc over --snapshot-every's history, --clock insns):
/// reverse-stepi retraces a forward stepi log exactly, reverse-continue stops at the last breakpoint hit and at the
/// last store to a watched word (PC on the store, old value in memory), and the snapshot monitor commands load a
/// saved machine under the debugger.
/// </summary>
public partial class ReverseDebuggingTests
{
    private const int Steps = 40;

    private static (EmuProcess Emu, string Target) StartHalted(string elf, long every = 5000)
    {
        var port = EmuProcess.FreePort();
        return (EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--snapshot-every", every.ToString(System.Globalization.CultureInfo.InvariantCulture), elf),
            $"127.0.0.1:{port}");
    }

    private static string State(string tag) =>
        $"printf \"{tag} %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\\n\", $pc, $sp, $ra, $v0, $v1, $a0, $a1, $a2, $t0, $s0, $hi, $lo";

    [SkippableTheory]
    [InlineData("be")]
    [InlineData("le")]
    public void ReverseStepi_LandsOnExactlyTheStatesAForwardStepiLogged(string endian)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "rr-count");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var commands = new List<string> { "break rr_step", "continue", "continue", "continue" };
            commands.AddRange(StepLog.StepForwardThenBack(State, Steps));
            commands.Add("detach");
            var r = Infrastructure.Gdb.Run(elf, target, commands, timeoutSeconds: 120);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var (forward, reverse) = StepLog.Read(r.StdoutText);
            Assert.True(forward.Count == Steps + 1 && reverse.Count == Steps, r.Describe());
            // The forward log holds states 0..N; reverse steps from N visit N-1..0.
            var expected = Enumerable.Range(0, Steps).Select(i => forward[Steps - 1 - i]).ToList();
            Assert.Equal(expected, reverse);
            Assert.True(forward.Distinct().Count() == forward.Count, "each forward step changed the state");
        }
    }

    [SkippableFact]
    public void ReverseContinue_StopsAtTheLastBreakpointHit_AndAtTheLastStoreToAWatchedWord()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "rr-count");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break rr_step", "continue", "continue", "continue", "printf \"I=%d\\n\", $a1",
                "reverse-continue", "printf \"I=%d ATBP=%d\\n\", $a1, $pc == rr_step",
                "reverse-continue", "printf \"I=%d\\n\", $a1",
                "delete", "watch *(unsigned*)&g_counter", "continue", "continue",
                "reverse-continue", "printf \"G=%u\\n\", *(unsigned*)&g_counter", "x/i $pc",
                "detach",
            ], timeoutSeconds: 120);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var iterations = Regex.Matches(text, @"I=(\d+)").Select(m => m.Groups[1].Value).ToList();
            Assert.Equal(["2", "1", "0"], iterations);
            Infrastructure.Gdb.Has(text, "ATBP=1");
            // Forward: 0 -> 1 and 1 -> 2; backwards, the last store (1 -> 2) is undone.
            Infrastructure.Gdb.Has(text, "Old value = 0\nNew value = 1");
            Infrastructure.Gdb.Has(text, "Old value = 1\nNew value = 2");
            Infrastructure.Gdb.Has(text, "Old value = 2\nNew value = 1");
            Infrastructure.Gdb.Has(text, "G=1");
            Assert.Matches(@"=> 0x[0-9a-f]+ <main\+\d+>:\s+sw\s+s0,", text);
        }
    }

    [SkippableFact]
    public void ReverseFinish_ReturnsToTheCall_InTheSameIteration()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("le", "rr-count");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break rr_work", "continue", "continue", "printf \"A0=%d\\n\", $a0",
                "reverse-finish", "x/i $pc", "printf \"S0=%d\\n\", $s0",
                "detach",
            ], timeoutSeconds: 120);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Infrastructure.Gdb.Has(text, "A0=1");
            Assert.Matches(@"=> 0x[0-9a-f]+ <main\+\d+>:\s+jal\s+0x[0-9a-f]+ <rr_work>", text);
            Infrastructure.Gdb.Has(text, "S0=1"); // the loop counter of the iteration that called it
        }
    }

    [SkippableFact]
    public void MonitorSnapshotLoad_BringsTheMachineBack_UnderTheDebugger()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "rr-count");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var r = Infrastructure.Gdb.Run(elf, target,
            [
                "break rr_step", "continue", "continue", "monitor snapshot save second", "printf \"I=%d\\n\", $a1",
                "continue", "continue", "printf \"I=%d\\n\", $a1",
                "monitor loadvm second", "maintenance flush register-cache", "printf \"I=%d\\n\", $a1",
                "monitor info snapshots", "monitor snapshot delete second", "monitor snapshot list",
                "detach",
            ], timeoutSeconds: 120);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Assert.Equal(["1", "3", "1"], Regex.Matches(text, @"I=(\d+)").Select(m => m.Groups[1].Value));
            Infrastructure.Gdb.Has(text, "snapshot 'second' saved at instruction");
            Assert.Matches(@"second\s+instruction \d+", text);
            Infrastructure.Gdb.Has(text, "snapshot 'second' deleted");
            Infrastructure.Gdb.Has(text, "no named snapshots");
        }
    }

    /// <summary>
    /// A recorded run debugged under its replay: going back re-runs the past with the recorded input delivered again
    /// at its positions (and without printing the past's console output twice), and going forward again continues the
    /// recording to the same end.
    /// </summary>
    [SkippableFact]
    public void ReplayUnderGdb_GoesBackThroughRecordedInput_AndEndsAsRecorded()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "rr-echo");
        var recording = Path.Combine(Path.GetTempPath(), $"emu-rr-{Guid.NewGuid():n}.rec");
        try
        {
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h : "dotnet";
            var record = HostProcess.Run("sh", ["-c", "(sleep 2; printf a; sleep 0.5; printf b; sleep 0.5; printf .) | \"$0\" exec \"$1\" run --clock insns --record \"$2\" \"$3\"",
                host, RepoPaths.EmuDll, recording, elf], TimeSpan.FromSeconds(60));
            Assert.True(record.ExitCode == 0, record.Describe());
            var finalLine = record.StdoutLines.Last();
            Assert.StartsWith("rr-echo: 2 bytes", finalLine);

            var port = EmuProcess.FreePort();
            using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--replay", recording, "--snapshot-every", "100000", elf);
            var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}",
            [
                "break printf", "continue", "printf \"A1=%d\\n\", $a1", "continue", "printf \"A1=%d\\n\", $a1",
                "reverse-continue", "printf \"A1=%d\\n\", $a1", "continue", "printf \"A1=%d\\n\", $a1", "delete", "continue",
            ], timeoutSeconds: 120);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Assert.Equal(["97", "98", "97", "98"], Regex.Matches(r.All(), @"A1=(\d+)").Select(m => m.Groups[1].Value));
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(30)), emu.Describe());
            // Printed forward twice (the second time after going back), never while going back.
            Assert.Equal(2, Regex.Matches(emu.Stdout, "got 97 after").Count);
            Assert.Contains(finalLine, emu.Stdout);
            Assert.Contains("emu: replay under gdb: 3 of 3 input events delivered", emu.Stderr);
        }
        finally
        {
            File.Delete(recording);
        }
    }

    [SkippableFact]
    public void ReverseExecution_WithSeveralFreeVcpus_IsRefusedInOneLine()
    {
        // Several vCPUs are interleaved deterministically unless free threads are asked for (SmpReverseDebuggingTests).
        var elf = GdbGuests.Elf("be", "rr-count");
        var r = HostProcess.Emu("run", "--clock", "insns", "--smp", "2", "--smp-order", "free", "--snapshot-every", "1000", "--gdb", "tcp::0", elf);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("emu: error: --snapshot-every with --smp 2 needs --smp-order round-robin: free vCPU threads interleave nondeterministically", r.Stderr.Trim());
    }
}
