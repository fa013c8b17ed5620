using System.Text.RegularExpressions;
using Emu.Integration.Tests.Infrastructure;

namespace Emu.Integration.Tests;

/// <summary>
/// `emu run --record` / `--replay` (issue 16) with a guest that shows the exact instruction each input byte reached
/// it at (rr-echo prints its UART polls before every byte): typed on a real pty or written to a pipe at host-chosen
/// moments, the run replays to the same console output and the same final state hash; a replay with another image
/// is refused in one line with exit 2. And the console monitor's snapshot commands (Ctrl-A c) on a live guest.
/// </summary>
public sealed partial class RecordReplayTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-rr-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"got \d+ after \d+ polls|rr-echo: \d+ bytes, sum [0-9a-f]+")]
    private static partial Regex GuestLine();

    private static List<string> GuestLines(string text) => [.. GuestLine().Matches(text).Select(m => m.Value)];

    private static ProcessResult Replay(string recording, string elf) =>
        HostProcess.Emu("run", "--clock", "insns", "--replay", recording, elf);

    [SkippableFact]
    public void EchoGuest_TypedOnAPty_ReplaysToTheSameOutputAndStateHash()
    {
        var elf = GuestBuild.Elf("be", "rr-echo");
        var recording = Path.Combine(_dir, "pty.rec");
        using var pty = new PseudoTerminal();
        using (var emu = new TerminalSession(pty, "run", "--clock", "insns", "--record", recording, elf))
        {
            Assert.True(emu.WaitFor("'.' ends", Wait), emu.Describe());
            emu.Type("a");
            Assert.True(emu.WaitFor("got 97 after", Wait), emu.Describe());
            Thread.Sleep(100);
            emu.Type("bc");
            Assert.True(emu.WaitFor("got 99 after", Wait), emu.Describe());
            emu.Type(".");
            Assert.True(emu.WaitFor("rr-echo: 3 bytes", Wait), emu.Describe());
            Assert.Equal(0, emu.WaitForExit(Wait));
            Assert.True(emu.WaitFor("emu: recorded", Wait), emu.Describe());
            var recorded = GuestLines(emu.Screen);
            Assert.Equal(4, recorded.Count);

            var lines = File.ReadAllLines(recording);
            Assert.Equal("emu-recording 1", lines[0]);
            Assert.InRange(lines.Count(l => l.StartsWith("input ", StringComparison.Ordinal)), 3, 4);
            Assert.Single(lines, l => l.StartsWith("end ", StringComparison.Ordinal));

            var replay = Replay(recording, elf);
            Assert.True(replay.ExitCode == 0, replay.Describe());
            Assert.Equal(recorded, GuestLines(replay.StdoutText));
            Assert.Contains("emu: replay matches the recording", replay.Stderr);
        }
    }

    [SkippableFact]
    public void EchoGuest_FedThroughAPipe_Replays_AndAnotherImageIsRefused()
    {
        var elf = GuestBuild.Elf("le", "rr-echo");
        var recording = Path.Combine(_dir, "pipe.rec");
        string recorded;
        using (var emu = new ConsoleSession("run", "--clock", "insns", "--record", recording, elf))
        {
            Assert.True(emu.WaitFor("'.' ends", Wait), emu.Describe());
            emu.TypeLine("x");
            Assert.True(emu.WaitFor("got 10 after", Wait), emu.Describe());
            emu.TypeLine("y.");
            Assert.Equal(0, emu.WaitForExit(Wait));
            recorded = emu.Output;
        }
        var replay = Replay(recording, elf);
        Assert.True(replay.ExitCode == 0, replay.Describe());
        Assert.Equal(GuestLines(recorded), GuestLines(replay.StdoutText));
        Assert.Equal(4, GuestLines(recorded).Count);

        // Same program, other byte order: another image.
        var other = Replay(recording, GuestBuild.Elf("be", "rr-echo"));
        Assert.Equal(2, other.ExitCode);
        var error = Assert.Single(other.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"emu: error: --replay {recording}: the elf differs from the recording's", error);
        Assert.Empty(other.StdoutText);
    }

    [SkippableFact]
    public void AReplayThatEndsElsewhere_SaysItDiverged_AndABadRecordingIsOneLineExit2()
    {
        var elf = GuestBuild.Elf("be", "rr-echo");
        var recording = Path.Combine(_dir, "edited.rec");
        using (var emu = new ConsoleSession("run", "--clock", "insns", "--record", recording, elf))
        {
            Assert.True(emu.WaitFor("'.' ends", Wait), emu.Describe());
            emu.TypeLine("q.");
            Assert.Equal(0, emu.WaitForExit(Wait));
        }
        // The input as recorded, but a final state the run cannot reach.
        var lines = File.ReadAllLines(recording);
        var end = Array.FindIndex(lines, l => l.StartsWith("end ", StringComparison.Ordinal));
        lines[end] = lines[end][..lines[end].LastIndexOf(' ')] + " " + new string('0', 64);
        File.WriteAllLines(recording, lines);
        var diverged = Replay(recording, elf);
        Assert.True(diverged.ExitCode == 1, diverged.Describe());
        Assert.Contains("emu: replay diverged: ended at instruction", diverged.Stderr);

        var garbage = Path.Combine(_dir, "garbage.rec");
        File.WriteAllText(garbage, "emu-recording 1\ninput 12 x\n");
        foreach (var bad in new[] { garbage, Path.Combine(_dir, "missing.rec"), elf })
        {
            var r = Replay(bad, elf);
            Assert.Equal(2, r.ExitCode);
            var line = Assert.Single(r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith($"emu: error: --replay {bad}: ", line);
        }
    }

    [SkippableFact]
    public void ConsoleMonitor_SnapshotLoad_TakesTheGuestBack()
    {
        var elf = GuestBuild.Elf("be", "rr-echo");
        using var pty = new PseudoTerminal();
        using var emu = new TerminalSession(pty, "run", "--clock", "insns", elf);
        Assert.True(emu.WaitFor("'.' ends", Wait), emu.Describe());
        emu.Type("a");
        Assert.True(emu.WaitFor("got 97 after", Wait), emu.Describe());
        emu.Type("\u0001csnapshot save one\r");
        Assert.True(emu.WaitFor("snapshot 'one' saved at instruction", Wait), emu.Describe());
        emu.Type("\u0001c");
        emu.Type("b");
        Assert.True(emu.WaitFor("got 98 after", Wait), emu.Describe());
        emu.Type("\u0001cloadvm one\r");
        Assert.True(emu.WaitFor("snapshot 'one' loaded", Wait), emu.Describe());
        emu.Type("info snapshots\r");
        Assert.True(emu.WaitFor("one", Wait), emu.Describe());
        emu.Type("\u0001c");
        emu.Type("c.");
        // 'b' was typed after the snapshot: the guest that was taken back never saw it.
        Assert.True(emu.WaitFor($"rr-echo: 2 bytes, sum {(97 * 31) + 99:x8}", Wait), emu.Describe());
        Assert.Equal(0, emu.WaitForExit(Wait));
    }
}
