using System.Diagnostics;
using Emu.Emulator.Cpu;
using Emu.Emulator.Jit;

namespace Emu.Emulator.Debug;

/// <summary><see cref="IJitInspector"/> over the vCPUs' <see cref="JitEngine"/>s (read while they are stopped).</summary>
public sealed class JitInspector : IJitInspector
{
    private readonly IReadOnlyList<(int Vcpu, JitEngine Engine)> _engines;

    private JitInspector(IReadOnlyList<(int, JitEngine)> engines) => _engines = engines;

    /// <summary>The inspector of <paramref name="cpus"/>' translators; null when none runs one (`--jit off`).</summary>
    public static JitInspector? For(IReadOnlyList<Mips32Cpu> cpus)
    {
        var engines = cpus.Where(c => c.ExecutionEngine is JitEngine).Select(c => (c.VcpuId, (JitEngine)c.ExecutionEngine)).ToList();
        return engines.Count == 0 ? null : new JitInspector(engines);
    }

    public IReadOnlyList<JitVcpuView> Read(int hottest) =>
        [.. _engines.Select(e =>
        {
            var s = e.Engine.Stats;
            var regions = e.Engine.Regions.ToList();
            var top = regions.OrderByDescending(r => r.InstructionsRun).ThenBy(r => r.Pc).Take(hottest)
                .Select(r => new JitRegionView(r.Pc, r.Instructions, r.EntrySlots.Length, r.InstructionsRun)).ToList();
            return new JitVcpuView(e.Vcpu, regions.Count, s.RegionsCompiled, s.RegionsInvalidated, s.Bailouts, s.Chains,
                s.InstructionsInRegions, s.InstructionsInterpreted, s.CompileTicks * 1000.0 / Stopwatch.Frequency, top);
        })];
}
