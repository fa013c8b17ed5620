using System.Globalization;
using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// Reverse execution with two vCPUs (issue 16: --snapshot-every under --gdb takes the vCPUs in round-robin turns, here
/// of 7 instructions so that turns change between most steps) with the real gdb-multiarch, on tools/guest/smp-selfmod:
/// vCPU 0 spins over an instruction that vCPU 1 rewrites and publishes. reverse-stepi in either thread retraces the
/// forward stepi log exactly, including the words the other vCPU wrote meanwhile (the other vCPU goes back too);
/// reverse-continue finds the last breakpoint hit or watched store of either thread and switches gdb to it.
/// </summary>
public partial class SmpReverseDebuggingTests
{
    private const int Steps = 30;

    private static (EmuProcess Emu, string Target) StartHalted(string elf)
    {
        var port = EmuProcess.FreePort();
        return (EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--snapshot-every", "5000", "--smp", "2",
            "--smp-quantum", "7", "-no-reboot", "-kernel", elf, "-append", "cpus=2"), $"127.0.0.1:{port}");
    }

    // The current thread's registers, the instruction vCPU 1 patches, and the round it published.
    private static string State(string tag) =>
        $"printf \"{tag} %d %08x %08x %08x %08x %08x %08x site=%08x pub=%u\\n\", $_thread, $pc, $sp, $ra, $v0, $a1, $t0, " +
        "*(unsigned*)selfmod_site, *(unsigned*)&published";

    [SkippableTheory]
    [InlineData("be", 1)]
    [InlineData("le", 2)]
    public void ReverseStepi_InEitherThread_RetracesTheForwardLog_WithTheOtherVcpusWrites(string endian, int thread)
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf(endian, "smp-selfmod");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            var commands = new List<string> { "break selfmod_spin", "continue", "continue", "continue", "delete", $"thread {thread}" };
            commands.AddRange(StepLog.StepForwardThenBack(State, Steps));
            commands.Add("detach");
            var r = Infrastructure.Gdb.Run(elf, target, commands, timeoutSeconds: 120);
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var (forward, reverse) = StepLog.Read(r.StdoutText);
            Assert.True(forward.Count == Steps + 1 && reverse.Count == Steps, r.Describe());
            Assert.All(forward.Concat(reverse), l => Assert.StartsWith($"{thread} ", l));
            Assert.Equal(Enumerable.Range(0, Steps).Select(i => forward[Steps - 1 - i]), reverse);
            // The window saw vCPU 1 patch the site (or vCPU 0 publish the round vCPU 1 waits for): the other vCPU ran
            // between the steps, and going back undid it.
            Assert.True(forward.Select(l => l[l.IndexOf("site=", StringComparison.Ordinal)..]).Distinct().Count() >= 2
                        || forward.Select(l => l.Split(' ')[4]).Distinct().Count() >= 2, r.Describe());
        }
    }

    [GeneratedRegex(@"^AT (\d) ([0-9a-f]{8}) site=([0-9a-f]{8}) pub=(\d+)$", RegexOptions.Multiline)]
    private static partial Regex StopLine();

    [SkippableFact]
    public void ReverseContinue_FindsTheLastHitOfEitherThread_AndForwardAgainRepeatsTheRun()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "smp-selfmod");
        var (emu, target) = StartHalted(elf);
        using (emu)
        {
            const string At = "printf \"AT %d %08x site=%08x pub=%u\\n\", $_thread, $pc, *(unsigned*)selfmod_site, *(unsigned*)&published";
            var commands = new List<string> { "break selfmod_spin", "watch *(unsigned*)&published" };
            for (var i = 0; i < 5; i++)
            {
                commands.AddRange(["continue", At]);
            }
            for (var i = 0; i < 3; i++)
            {
                commands.AddRange(["reverse-continue", At]);
            }
            for (var i = 0; i < 2; i++)
            {
                commands.AddRange(["continue", At]);
            }
            commands.Add("detach");
            var r = Infrastructure.Gdb.Run(elf, target, commands, timeoutSeconds: 120);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            var stops = StopLine().Matches(r.StdoutText)
                .Select(m => (Thread: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Pc: m.Groups[2].Value, Site: m.Groups[3].Value,
                    Pub: int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)))
                .ToList();
            Assert.True(stops.Count == 10, text);
            var forward = stops[..5];
            Assert.Contains(forward, s => s.Thread == 1);
            Assert.Contains(forward, s => s.Thread == 2);
            // Going back, the k-th stop is the (4-k)-th forward event undone: vCPU 0's breakpoint hit is the same stop as
            // forwards; vCPU 1's watched store is undone (gdb ends on the storing instruction, the old value in memory).
            for (var k = 0; k < 3; k++)
            {
                var was = forward[4 - k];
                var now = stops[5 + k];
                if (was.Thread == 1)
                {
                    Assert.True(now == was, $"back {k}: {now}, expected {was}\n{text}");
                }
                else
                {
                    Assert.True(now.Thread == 2 && now.Pub == was.Pub - 1 && now.Site == was.Site && now.Pc != was.Pc,
                        $"back {k}: {now}, expected the store of {was} undone\n{text}");
                }
            }
            // Forwards again: an undone store happens again first, then the rest of the first run's stops.
            var next = forward[2].Thread == 1 ? 3 : 2;
            Assert.Equal(forward[next..(next + 2)], stops[8..10]);
        }
    }
}
