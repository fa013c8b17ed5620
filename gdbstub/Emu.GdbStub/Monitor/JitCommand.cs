using System.Globalization;
using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// "jit [N]": the translator's cache per vCPU (<see cref="IJitInspector"/>): regions alive, compiled and invalidated,
/// bail-outs, compile time, instructions retired in regions against interpreted, and the N (default 5) regions that
/// retired the most instructions. With the translator off (no inspector) it says how to turn it on.
/// </summary>
public sealed class JitCommand(IJitInspector? inspector) : IMonitorCommand
{
    private const int DefaultHottest = 5, MaxHottest = 100;

    public string Name => "jit";

    public string Help => "[N]  the translator's regions: compiled, invalidated, bail-outs, interpreted share, N hottest (default 5)";

    public void Execute(MonitorContext context, string arguments)
    {
        var o = context.Output;
        var text = arguments.Trim();
        var hottest = DefaultHottest;
        if (text.Length != 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out hottest) || hottest > MaxHottest))
        {
            o.WriteLine($"usage: monitor jit [N]  (N decimal, at most {MaxHottest})");
            return;
        }
        if (inspector is null)
        {
            o.WriteLine("monitor jit: the translator is off (--jit on)");
            return;
        }
        foreach (var v in inspector.Read(hottest))
        {
            var retired = v.InstructionsInRegions + v.InstructionsInterpreted;
            var share = retired == 0 ? 0 : 100.0 * v.InstructionsInterpreted / retired;
            o.WriteLine(FormattableString.Invariant(
                $"vCPU {v.Vcpu}: regions alive {v.RegionsAlive}, compiled {v.RegionsCompiled}, invalidated {v.RegionsInvalidated}, bail-outs {v.Bailouts}, chains {v.Chains}, compile {v.CompileMs:F1} ms"));
            o.WriteLine(FormattableString.Invariant(
                $"  instructions: in regions {v.InstructionsInRegions}, interpreted {v.InstructionsInterpreted} ({share:F1}%)"));
            if (v.Hottest.Count != 0)
            {
                o.WriteLine("  hottest regions (pc, instructions, entries, retired in it):");
            }
            foreach (var r in v.Hottest)
            {
                o.WriteLine(FormattableString.Invariant($"    {r.Pc:x8} {r.Instructions,5} {r.Entries,5} {r.InstructionsRun,10}"));
            }
        }
    }
}
