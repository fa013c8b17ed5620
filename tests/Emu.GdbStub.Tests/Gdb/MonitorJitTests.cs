using System.Globalization;
using System.Text.RegularExpressions;
using Emu.GdbStub.Tests.Infrastructure;

namespace Emu.GdbStub.Tests.Gdb;

/// <summary>
/// "monitor jit" through the real gdb-multiarch on a guest run with the translator at threshold 1: at main, the startup
/// code has been compiled and its loop is the hottest region; a gdb write of a word of that region drops it (and only
/// the regions over that word), which the next "monitor jit" shows. With the translator off the command says so.
/// </summary>
public partial class MonitorJitTests
{
    [GeneratedRegex(@"regions alive (\d+), compiled (\d+), invalidated (\d+), bail-outs (\d+)")]
    private static partial Regex Summary();

    [GeneratedRegex(@"instructions: in regions (\d+), interpreted (\d+)")]
    private static partial Regex Instructions();

    [GeneratedRegex(@"^\s+([0-9a-f]{8})\s+(\d+)\s+(\d+)\s+(\d+)$", RegexOptions.Multiline)]
    private static partial Regex HotRegion();

    private sealed record Report(long Alive, long Compiled, long Invalidated, long InRegions, List<(uint Pc, long Retired)> Hottest);

    private static Report Parse(string text)
    {
        var s = Summary().Match(text);
        var i = Instructions().Match(text);
        Assert.True(s.Success && i.Success, "no monitor jit report in:\n" + text);
        long N(Match m, int g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var hot = HotRegion().Matches(text).Select(m => (uint.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), N(m, 4))).ToList();
        return new Report(N(s, 1), N(s, 2), N(s, 3), N(i, 1), hot);
    }

    private static string Between(string text, string start, string end)
    {
        var a = text.IndexOf(start, StringComparison.Ordinal);
        var b = text.IndexOf(end, a + 1, StringComparison.Ordinal);
        Assert.True(a >= 0 && b > a, $"markers {start}/{end} missing in:\n{text}");
        return text[(a + start.Length)..b];
    }

    [SkippableFact]
    public void MonitorJit_ShowsTheStartupLoopHottest_AndAGdbWriteDropsItsRegion()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "bench-int");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start(["-S", "--gdb", $"tcp::{port}", "--jit", "on", "--jit-threshold", "1", elf]);
        var script = Path.Combine(Path.GetTempPath(), $"emu-gdb-monitor-jit-{Environment.ProcessId}.py");
        // gdb's Python reads the hottest PC from the first report and rewrites that word with itself (same code,
        // but a write into translated code all the same).
        File.WriteAllText(script, """
            import gdb, re
            gdb.execute("break main")
            gdb.execute("continue")
            before = gdb.execute("monitor jit 100", to_string=True)
            print("<<BEFORE" + before + "BEFORE>>")
            pc = int(re.search(r"^\s+([0-9a-f]{8})\s+\d+\s+\d+\s+\d+$", before, re.M).group(1), 16)
            gdb.execute("set {int}0x%x = {int}0x%x" % (pc, pc))
            print("<<AFTER" + gdb.execute("monitor jit 100", to_string=True) + "AFTER>>")
            """);
        try
        {
            var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", [$"source {script}", "kill"]);
            var text = r.All();
            var before = Parse(Between(text, "<<BEFORE", "BEFORE>>"));
            var after = Parse(Between(text, "<<AFTER", "AFTER>>"));

            Assert.True(before.Alive >= 1 && before.Compiled >= before.Alive, text);
            Assert.Equal(before.Alive, before.Hottest.Count); // 100 lists them all
            Assert.True(before.Hottest.Sum(h => h.Retired) <= before.InRegions, text);
            // Before main only the boot stub (in flash) and _start ran; _start's BSS-clearing loop retires the most.
            var hot = before.Hottest[0].Pc;
            Assert.InRange(hot, ElfSymbols.Find(elf, "_start"), ElfSymbols.Find(elf, "main") - 1);
            Assert.True(before.Hottest[0].Retired > 0);

            Assert.True(after.Invalidated > before.Invalidated, "the write dropped no region:\n" + text);
            Assert.Equal(before.Alive - (after.Invalidated - before.Invalidated), after.Alive);
            Assert.Equal(before.Compiled, after.Compiled);
            Assert.DoesNotContain(after.Hottest, h => h.Pc == hot);
            Assert.Equal(before.InRegions, after.InRegions); // nothing ran in between
        }
        finally
        {
            File.Delete(script);
        }
    }

    [SkippableFact]
    public void MonitorJit_WithTheTranslatorOff_SaysHowToTurnItOn()
    {
        Infrastructure.Gdb.Require();
        var elf = GdbGuests.Elf("be", "demo");
        var port = EmuProcess.FreePort();
        using var emu = EmuProcess.Start(["-S", "--gdb", $"tcp::{port}", "--jit", "off", elf]);
        var r = Infrastructure.Gdb.Run(elf, $"127.0.0.1:{port}", ["monitor jit", "monitor jit x", "kill"]);
        var text = r.All();
        Infrastructure.Gdb.Has(text, "monitor jit: the translator is off (--jit on)");
        Infrastructure.Gdb.Has(text, "usage: monitor jit [N]");
    }
}
