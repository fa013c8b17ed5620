using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// The translator's events read back by emu-trace: one deterministic run (two vCPUs in round-robin turns, guest time
/// from retired instructions, the JIT at threshold 1) of smp-selfmod, whose vCPU 1 rewrites code vCPU 0 runs, traced
/// by `emu-trace collect` (the real EventPipe client) from its first instruction. The process prints `--stats` too, so
/// `report`, `report --json`, `stat` and `export` must give its `jit` line's numbers exactly: regions compiled,
/// instructions compiled, regions invalidated.
/// </summary>
public sealed partial class JitReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-jit-report-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"^emu:\s+jit regions=(\d+) instructions-compiled=(\d+) invalidated=(\d+)", RegexOptions.Multiline)]
    private static partial Regex JitLine();

    private sealed record Run(string Trace, string Elf, long Regions, long Instructions, long Invalidated);

    private Run CollectSelfModifyingRun()
    {
        var elf = TracingGuest.SmpSelfMod;
        var trace = Path.Combine(_dir, "jit.nettrace");
        var r = ToolRun.EmuTrace(["collect", "--keywords", "Jit", "-o", trace, "--",
            .. ToolRun.EmuCommand("run", "--smp", "2", "-no-reboot", "--smp-order", "round-robin", "--smp-quantum", "100", "--clock", "insns",
                "--max-insns", "400000000", "--jit", "on", "--jit-threshold", "1", "--stats", "-kernel", elf, "-append", "cpus=2")]);
        Assert.True(r.ExitCode == 0, r.Describe());
        Assert.Contains("0 lost (EventPipe)", r.Stderr);
        Assert.Contains("smp-selfmod: PASS", r.StdoutText);
        var m = JitLine().Match(r.Stderr);
        Assert.True(m.Success, "no jit line in --stats:\n" + r.Stderr);
        long N(int g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var run = new Run(trace, elf, N(1), N(2), N(3));
        // The guest patches its loop 64 times: regions are dropped, not only compiled.
        Assert.True(run.Regions > 0 && run.Invalidated > 0, m.Value);
        return run;
    }

    [SkippableFact]
    public void Report_Stat_Export_GiveTheJitNumbersOfEmuStats()
    {
        var run = CollectSelfModifyingRun();

        var report = ToolRun.EmuTrace("report", "--json", "--top", "1000", "--symbols", run.Elf, run.Trace);
        Assert.True(report.ExitCode == 0, report.Describe());
        using var doc = JsonDocument.Parse(report.StdoutText);
        var jit = doc.RootElement.GetProperty("jit");
        long L(JsonElement e, string name) => e.GetProperty(name).GetInt64();
        Assert.Equal(run.Regions, L(jit, "regionsCompiled"));
        Assert.Equal(run.Instructions, L(jit, "instructionsCompiled"));
        Assert.Equal(run.Invalidated, L(jit, "regionsInvalidated"));

        // Per vCPU: both vCPUs ran translated code, and the rows add up to the totals.
        var perVcpu = jit.GetProperty("perVcpu").EnumerateArray().ToList();
        Assert.Equal(new[] { 0, 1 }, perVcpu.Select(v => v.GetProperty("vcpu").GetInt32()));
        Assert.All(perVcpu, v => Assert.True(L(v, "regionsCompiled") > 0));
        Assert.Equal(run.Regions, perVcpu.Sum(v => L(v, "regionsCompiled")));
        Assert.Equal(run.Instructions, perVcpu.Sum(v => L(v, "instructionsCompiled")));
        Assert.Equal(run.Invalidated, perVcpu.Sum(v => L(v, "regionsInvalidated")));
        Assert.Equal(L(jit, "compileUsTotal"), perVcpu.Sum(v => L(v, "compileUsTotal")));
        Assert.True(L(jit, "compileUsMax") <= L(jit, "compileUsTotal"));

        // Drops by reason: rewritten code is "code-changed" (JitTrace.CodeChanged); the reasons add up.
        var reasons = jit.GetProperty("invalidatedByReason").EnumerateArray().ToDictionary(x => x.GetProperty("reason").GetString()!, x => L(x, "regions"));
        Assert.True(reasons.GetValueOrDefault("code-changed") > 0, report.StdoutText);
        Assert.Equal(run.Invalidated, reasons.Values.Sum());

        // Regions by guest PC, with --top above their number: every compilation is in the list once.
        var largest = jit.GetProperty("largest").EnumerateArray().ToList();
        Assert.Equal(run.Regions, largest.Sum(x => L(x, "compiles")));
        Assert.Equal(run.Invalidated, largest.Sum(x => L(x, "invalidated")));
        var sizes = largest.Select(x => x.GetProperty("instructions").GetInt32()).ToList();
        Assert.Equal(sizes.OrderByDescending(s => s), sizes);
        var slowest = jit.GetProperty("slowestToCompile").EnumerateArray().Select(x => L(x, "compileUsTotal")).ToList();
        Assert.Equal(slowest.OrderByDescending(s => s), slowest);
        Assert.Equal(L(jit, "compileUsTotal"), slowest.Sum());
        // Symbols from the guest ELF: its code in kseg0 lies in named functions or asm labels; the boot stub in flash
        // (kseg1, 0xbfc00000) lies in no section of the ELF and stays unnamed rather than "last label + 0x3fa...".
        foreach (var x in largest)
        {
            var pc = ulong.Parse(x.GetProperty("pc").GetString()![2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            var function = x.GetProperty("function").GetString()!;
            if (pc >= 0xbfc00000)
            {
                Assert.Equal("?", function);
            }
            else
            {
                Assert.Matches(@"^\w+\+0x[0-9a-f]+$", function);
            }
        }
        Assert.Contains(largest, x => x.GetProperty("function").GetString()!.StartsWith("selfmod_", StringComparison.Ordinal)
                                      && L(x, "invalidated") > 0); // the rewritten loop's regions

        // The tables say the same.
        var text = ToolRun.EmuTrace("report", run.Trace);
        Assert.True(text.ExitCode == 0, text.Describe());
        Assert.Contains("JIT regions per vCPU", text.StdoutText);
        Assert.Matches($@"│ all\s+│ {run.Regions:N0}\s+│ {run.Instructions:N0}\s+│[^│]+│[^│]+│ {run.Invalidated:N0}\s+│", text.StdoutText);
        Assert.Matches($@"│ code-changed\s+│ {reasons["code-changed"]:N0}\s+│", text.StdoutText);

        // stat: the same counts as rows, compile time as their latency.
        var stat = ToolRun.EmuTrace("stat", "--json", run.Trace);
        Assert.True(stat.ExitCode == 0, stat.Describe());
        using var statDoc = JsonDocument.Parse(stat.StdoutText);
        var jitRows = statDoc.RootElement.EnumerateArray().Where(r => r.GetProperty("group").GetString() == "jit")
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => L(r, "count"));
        Assert.Equal(run.Regions, jitRows["jit regions"]);
        Assert.Equal(run.Invalidated, jitRows["jit invalidated"]);

        // export: one timeline event per region compiled and dropped, on its vCPU's track.
        var chrome = Path.Combine(_dir, "jit.chrome.json");
        var export = ToolRun.EmuTrace("export", run.Trace, "--format", "chrome", "-o", chrome);
        Assert.True(export.ExitCode == 0, export.Describe());
        using var cj = JsonDocument.Parse(File.ReadAllBytes(chrome));
        var events = cj.RootElement.GetProperty("traceEvents").EnumerateArray().Where(e => e.TryGetProperty("cat", out _)).ToList();
        var compiled = events.Where(e => e.GetProperty("cat").GetString() == "RegionCompiled").ToList();
        Assert.Equal(run.Regions, compiled.Count);
        Assert.Equal(run.Invalidated, events.Count(e => e.GetProperty("cat").GetString() == "RegionInvalidated"));
        Assert.All(compiled, e => Assert.Equal("X", e.GetProperty("ph").GetString())); // a span: its compile time
        Assert.Equal(new[] { 0, 1 }, compiled.Select(e => e.GetProperty("tid").GetInt32()).Distinct().Order());

        // --vcpu keeps one vCPU's regions.
        var one = ToolRun.EmuTrace("report", "--json", "--vcpu", "1", run.Trace);
        Assert.True(one.ExitCode == 0, one.Describe());
        using var oneDoc = JsonDocument.Parse(one.StdoutText);
        Assert.Equal(L(perVcpu[1], "regionsCompiled"), L(oneDoc.RootElement.GetProperty("jit"), "regionsCompiled"));
    }
}
