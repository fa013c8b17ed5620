using System.Text.Json;
using Emu.Tracing.Tests.Infrastructure;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>`emu-trace profile` names the guest's hot functions from PC samples and the guest's own ELF symbols.</summary>
public sealed class ProfileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-profile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void Profile_OfBenchCall_FindsItsHotFunctionsByName()
    {
        var elf = TracingGuest.BenchCall;
        var trace = Path.Combine(_dir, "bench-call.nettrace");
        var run = ToolRun.EmuTrace(["collect", "-o", trace, "--keywords", "Sample", "--", .. ToolRun.EmuCommand("run", elf)]);
        Assert.True(run.ExitCode == 0, run.Describe());

        var speedscope = Path.Combine(_dir, "p.speedscope.json");
        var r = ToolRun.EmuTrace("profile", trace, "--symbols", elf, "--json", "--top", "5", "-o", speedscope);
        Assert.True(r.ExitCode == 0, r.Describe());
        using var json = JsonDocument.Parse(r.StdoutText);
        var rows = json.RootElement.EnumerateArray()
            .Select(e => (Name: e.GetProperty("name").GetString()!, Percent: e.GetProperty("percent").GetDouble())).ToList();
        // bench-call spends its time in fib (recursion) and in the f_chain → f_add/f_mix loop of main; nothing else
        // (the runtime, printf) runs for more than a moment.
        string[] hot = ["fib", "f_chain", "f_mix", "f_add", "main"];
        Assert.Contains(rows[0].Name, hot);
        Assert.Contains(rows, x => x.Name == "fib" && x.Percent > 10);
        Assert.True(rows.Where(x => hot.Contains(x.Name)).Sum(x => x.Percent) > 95, r.StdoutText);

        using var ss = JsonDocument.Parse(File.ReadAllBytes(speedscope));
        var frames = ss.RootElement.GetProperty("shared").GetProperty("frames").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("fib", frames);
        Assert.Equal("sampled", ss.RootElement.GetProperty("profiles")[0].GetProperty("type").GetString());
    }

    [Fact]
    public void Symbols_FromSystemMapText_ResolveToTheContainingFunction()
    {
        var map = Path.Combine(_dir, "System.map");
        File.WriteAllText(map, "80100000 T _start\n80100400 t fib\n80100480 T f_add\n80100500 D some_data\n");
        var table = Analysis.SymbolTable.Load(map);
        Assert.Equal(("fib", 0x10u), table.Lookup(0x80100410));
        Assert.Equal(("f_add", 0x7cu), table.Lookup(0x801004fc)); // data symbols are not functions: f_add runs on
        Assert.Equal(("?", 0u), table.Lookup(0x80000000));
    }
}
