using Emu.Tracing.Tests.Infrastructure;
using Microsoft.Diagnostics.Tracing;

namespace Emu.Tracing.Tests.EndToEnd;

/// <summary>
/// What a user with only dotnet-trace and TraceEvent (or PerfView, which is TraceEvent) sees: a real
/// dotnet-trace file read with TraceEvent's own Dynamic parser and no Emu type at all. Enum fields must
/// show names and guest addresses must print in hex, because EventPipe carries no manifest.
/// </summary>
public sealed class PlainTraceEventTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-plain-te-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void DotnetTraceFile_ReadWithPlainTraceEvent_ShowsEnumNames_AndHexAddresses()
    {
        var dotnetTrace = DotnetTools.Require("dotnet-trace");
        var trace = Path.Combine(_dir, "plain.nettrace");
        var r = ToolRun.Run(dotnetTrace,
            ["collect", "--providers", "Emu-Kvm:0x3FF:5", "--rundown", "false", "-o", trace, "--", .. ToolRun.EmuCommand("run", TracingGuest.Exceptions)],
            new Dictionary<string, string> { ["DOTNET_EventPipeEnableStackwalk"] = "0" });
        Assert.True(r.ExitCode == 0, r.Describe());

        var reasonNames = new HashSet<string>();
        var pathNames = new HashSet<string>();
        var exitLines = new List<string>();
        using (var source = new EventPipeEventSource(trace))
        {
            source.Dynamic.All += e =>
            {
                if (e.ProviderName != "Emu-Kvm")
                {
                    return;
                }
                if (e.EventName == "Exit")
                {
                    reasonNames.Add((string)e.PayloadByName("reasonName"));
                    if (exitLines.Count < 3)
                    {
                        exitLines.Add(e.ToString());
                    }
                }
                else if (e.EventName == "GpaFault")
                {
                    pathNames.Add((string)e.PayloadByName("pathName"));
                }
            };
            source.Process();
        }
        // exceptions.elf takes TLB refills on loads, syscalls and traps; its code is paged in by the slow path.
        Assert.Superset(new HashSet<string> { "TLBL", "TLBS", "Sys", "Tr", "AdEL" }, reasonNames);
        Assert.Contains("Slow", pathNames);
        // TraceEvent prints UInt64 as 0x..., so the guest PC of a kseg0 program reads as 0x801....
        Assert.All(exitLines, l => Assert.Matches("pc=\"0x80[0-9a-f]{6}\"", l));
    }
}
