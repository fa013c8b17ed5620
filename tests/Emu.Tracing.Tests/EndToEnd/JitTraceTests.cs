using System.Globalization;
using System.Text.RegularExpressions;
using Emu.Tracing.Tests.Infrastructure;
using Microsoft.Diagnostics.Tracing;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// The Jit keyword through the real dotnet-trace, read with TraceEvent's own Dynamic parser: a run with the translator
/// at threshold 1 traces one RegionCompiled per region `--stats` counts, with the same instruction total (guest time is
/// instruction-driven and the JIT deterministic, so a second run compiles the same regions).
/// </summary>
public sealed partial class JitTraceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-jit-trace-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GeneratedRegex(@"^emu:\s+jit regions=(\d+) instructions-compiled=(\d+) invalidated=(\d+)", RegexOptions.Multiline)]
    private static partial Regex JitLine();

    [SkippableFact]
    public void DotnetTrace_SeesEveryRegionTheStatsCount()
    {
        var dotnetTrace = DotnetTools.Require("dotnet-trace");
        var guest = TracingGuest.Exceptions;
        string[] run = ["run", "--clock", "insns", "--jit", "on", "--jit-threshold", "1", guest];
        var plain = ToolRun.Emu(new Dictionary<string, string>(), [.. run[..^1], "--stats", guest]);
        Assert.True(plain.ExitCode == 0, plain.Describe());
        var m = JitLine().Match(plain.Stderr);
        Assert.True(m.Success, "no jit line in --stats:\n" + plain.Stderr);
        long N(int g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var (regions, instructions, invalidated) = (N(1), N(2), N(3));
        Assert.True(regions > 0);

        var trace = Path.Combine(_dir, "jit.nettrace");
        var r = ToolRun.Run(dotnetTrace,
            ["collect", "--providers", "Emu-Kvm:0x4000:5", "--rundown", "false", "-o", trace, "--", .. ToolRun.EmuCommand(run)],
            new Dictionary<string, string> { ["DOTNET_EventPipeEnableStackwalk"] = "0" });
        Assert.True(r.ExitCode == 0, r.Describe());

        long compiled = 0, compiledInstructions = 0, dropped = 0;
        var lines = new List<string>();
        using (var source = new EventPipeEventSource(trace))
        {
            source.Dynamic.All += e =>
            {
                if (e.ProviderName != "Emu-Kvm")
                {
                    return;
                }
                if (e.EventName == "RegionCompiled")
                {
                    compiled++;
                    compiledInstructions += Convert.ToInt64(e.PayloadByName("instructions"), CultureInfo.InvariantCulture);
                    if (lines.Count < 3)
                    {
                        lines.Add(e.ToString());
                    }
                }
                else if (e.EventName == "RegionInvalidated")
                {
                    dropped++;
                }
            };
            source.Process();
        }
        Assert.Equal(regions, compiled);
        Assert.Equal(instructions, compiledInstructions);
        Assert.Equal(invalidated, dropped);
        // The guest PC is UInt64, which TraceEvent prints in hex: kseg0 code or the boot stub in flash (kseg1).
        Assert.All(lines, l => Assert.Matches("pc=\"0x(80|bfc)[0-9a-f]+\"", l));
    }
}
