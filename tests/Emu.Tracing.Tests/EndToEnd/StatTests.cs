using System.Text.Json;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// `emu-trace stat` against the emulator's own `--stats` of the same run, under every kind of host pressure
/// (KSM, COW, swap, balloon, aging, mprotect): every row stat prints has a --stats row of the same name
/// and the same count. One run, so the comparison holds whatever the clock or the pressure driver does.
/// </summary>
public sealed class StatTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-stat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Stat_CountsEqualEmuStats_UnderHostPressureAll()
    {
        var trace = Path.Combine(_dir, "stat.nettrace");
        var run = ToolRun.EmuTrace(["collect", "-o", trace, "--",
            .. ToolRun.EmuCommand("run", "--stats", "--host-pressure", "all", "--pressure-seed", "11", "--pressure-rate", "0", TracingGuest.Exceptions)]);
        Assert.True(run.ExitCode == 0, run.Describe());
        var expected = EmuStatsTables.Rows(run.Stderr);

        var stat = ToolRun.EmuTrace("stat", "--json", trace);
        Assert.True(stat.ExitCode == 0, stat.Describe());
        using var json = JsonDocument.Parse(stat.StdoutText);
        var rows = json.RootElement.EnumerateArray()
            .Select(r => (Group: r.GetProperty("group").GetString()!, Name: r.GetProperty("name").GetString()!, Count: r.GetProperty("count").GetInt64()))
            .Where(r => r.Group != "gpa faults" || r.Name is not ("mmio" or "host-fault")) // not rows of --stats
            .Where(r => r.Group != "jit") // --stats prints these on its `jit` line, not in a table: JitReportTests compares them
            .ToList();
        foreach (var (_, name, count) in rows)
        {
            Assert.True(expected.TryGetValue(name, out var want), $"stat row '{name}' is not a --stats row:\n{run.Stderr}");
            Assert.True(want == count, $"{name}: stat {count}, --stats {want}\n{stat.StdoutText}\n{run.Stderr}");
        }
        // And the rows that matter are there: host and guest exits, fault paths, notifier calls.
        Assert.Contains(rows, r => r.Name == "tlbmiss_ld_exits (host)");
        Assert.Contains(rows, r => r.Name == "mmio_exits");
        Assert.Contains(rows, r => r.Name == "trap_inst_exits");
        Assert.Contains(rows, r => r.Name == "slow path");
        Assert.Contains(rows, r => r.Name.StartsWith("notifier ", StringComparison.Ordinal));
        // Every --stats exit row with a non-zero count appears in stat (nothing is silently missing).
        string[] exitRows = ["tlbmiss_ld_exits (host)", "tlbmiss_st_exits (host)", "mmio_exits", "host_fault_exits", "trap_inst_exits", "syscall_exits",
            "fast path", "slow path", "retries (notifier raced)", "flush requests", "notifier invalidate_range_start", "notifier clear_young"];
        foreach (var name in exitRows.Where(n => expected.GetValueOrDefault(n) > 0))
        {
            Assert.Contains(rows, r => r.Name == name);
        }
    }
}
