using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// gdb's interrupt (Ctrl-C) during a long reverse-continue, with the real gdb-multiarch: the search stops with SIGINT
/// (not at the start of history), at a state of the past (the guest's round counter no later than where the forward
/// run stopped) from which stepi and reverse-stepi agree with each other.
/// </summary>
public partial class ReverseInterruptTests
{
    private static string State(string tag) =>
        $"printf \"{tag} %08x %08x %08x %08x %08x %08x %08x %08x %08x %08x\\n\", $pc, $sp, $ra, $v0, $v1, $a0, $a1, $t0, $s0, $s1";

    [GeneratedRegex(@"^(AT|STEP|BACK) (.*)$", RegexOptions.Multiline)]
    private static partial Regex StateLine();

    [SkippableFact]
    public void Interrupt_StopsALongReverseContinue_WithSigint_AndSteppingWorksFromThere()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "spin"); // computes forever: no breakpoint behind, history as long as the run
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start("-S", "--gdb", $"tcp::{port}", "--gdb-on-detach", "stop", "--snapshot-every", "1000000", elf);
        var script = Path.Combine(Path.GetTempPath(), $"emu-gdb-reverse-interrupt-{Environment.ProcessId}.py");
        // The forward run lasts 3 s; searching its history back replays all of it (plus a snapshot load per segment),
        // which took 0.6 s per forward second on an idle machine, and a loaded machine slows both alike: an interrupt
        // 0.25 s into the search finds it running.
        File.WriteAllText(script, """
            import gdb, threading, time
            def interrupt_after(seconds):
                def later():
                    time.sleep(seconds)
                    gdb.post_event(lambda: gdb.execute("interrupt"))
                threading.Thread(target=later, daemon=True).start()
            interrupt_after(3.0)
            gdb.execute("continue")
            gdb.execute('printf "FWD rounds=%u\\n", *(unsigned *)&spin_rounds')
            interrupt_after(0.25)
            gdb.execute("reverse-continue")
            gdb.execute('printf "REV rounds=%u\\n", *(unsigned *)&spin_rounds')
            """);
        try
        {
            var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}",
                [$"source {script}", State("AT"), "stepi", State("STEP"), "reverse-stepi", State("BACK"), "kill"], timeoutSeconds: 60);
            var text = r.All();
            Assert.True(r.ExitCode == 0, r.Describe() + emu.Describe());
            Assert.True(Regex.Matches(text, "Program received signal SIGINT").Count == 2, r.Describe() + emu.Describe());
            Assert.DoesNotContain("No more reverse-execution history", text);
            var forward = uint.Parse(Regex.Match(text, @"FWD rounds=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var reverse = uint.Parse(Regex.Match(text, @"REV rounds=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(reverse <= forward, $"rounds {reverse} after going back, {forward} before\n{text}");
            var states = StateLine().Matches(text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            Assert.True(states.Count == 3, r.Describe());
            Assert.NotEqual(states["AT"], states["STEP"]);
            Assert.Equal(states["AT"], states["BACK"]);
            Assert.True(emu.WaitForExit(TimeSpan.FromSeconds(20)), "kill did not end emu\n" + emu.Describe());
        }
        finally
        {
            File.Delete(script);
        }
    }
}
