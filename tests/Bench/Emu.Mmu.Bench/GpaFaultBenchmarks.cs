using BenchmarkDotNet.Attributes;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;

namespace Emu.Mmu.Bench;

/// <summary>
/// The KVM-style MMU's costs: GPA faults on the fast path (PTE present, young/dirty update under MmuLock) and
/// the slow path (host lookup, retry check, PTE install), and unmap_hva_range per MiB of mapped guest memory.
/// Each operation covers <see cref="Pages"/> pages; divide by it for a per-page figure.
/// </summary>
[MemoryDiagnoser]
public class GpaFaultBenchmarks
{
    public const int Pages = 256; // 1 MiB

    private HostMm _host = null!;
    private Vm _vm = null!;
    private VcpuMemory _memory = null!;
    private ulong _hva;

    [GlobalSetup]
    public void Setup()
    {
        _host = new HostMm(new HostMmOptions());
        _vm = new Vm(_host);
        _hva = _host.MapAnonymous(Pages * 4096ul, "bench");
        _vm.SetUserMemoryRegion(0, MemslotFlags.None, 0, Pages * 4096ul, _hva);
        var id = _vm.ReserveVcpu();
        _memory = new VcpuMemory(_vm, id, new PhysicalBus());
        for (var p = 0ul; p < Pages; p++)
        {
            _memory.Faults.MapPage(p * 4096, true, out _);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vm.Dispose();
        _host.Dispose();
    }

    [Benchmark(Description = "fast path: 256 present pages")]
    public void FastPath()
    {
        for (var p = 0ul; p < Pages; p++)
        {
            _memory.Faults.MapPage(p * 4096, false, out _);
        }
    }

    [Benchmark(Description = "slow path: zap + refault 256 pages")]
    public void SlowPath()
    {
        IMmuNotifier n = _vm;
        n.InvalidateRangeStart(_hva, _hva + Pages * 4096ul);
        n.InvalidateRangeEnd(_hva, _hva + Pages * 4096ul);
        for (var p = 0ul; p < Pages; p++)
        {
            _memory.Faults.MapPage(p * 4096, true, out _);
        }
    }
}

/// <summary>unmap_hva_range (invalidate_range_start/end) over 1 MiB whose 256 pages are all mapped.</summary>
[InvocationCount(1, 1)]
public class UnmapBenchmarks
{
    private HostMm _host = null!;
    private Vm _vm = null!;
    private VcpuMemory _memory = null!;
    private ulong _hva;

    [GlobalSetup]
    public void Setup()
    {
        _host = new HostMm(new HostMmOptions());
        _vm = new Vm(_host);
        _hva = _host.MapAnonymous(GpaFaultBenchmarks.Pages * 4096ul, "bench");
        _vm.SetUserMemoryRegion(0, MemslotFlags.None, 0, GpaFaultBenchmarks.Pages * 4096ul, _hva);
        _memory = new VcpuMemory(_vm, _vm.ReserveVcpu(), new PhysicalBus());
    }

    [IterationSetup]
    public void MapAll()
    {
        for (var p = 0ul; p < GpaFaultBenchmarks.Pages; p++)
        {
            _memory.Faults.MapPage(p * 4096, true, out _);
        }
    }

    [Benchmark(Description = "unmap_hva_range of 1 MiB, 256 pages mapped")]
    public void UnmapOneMiB()
    {
        IMmuNotifier n = _vm;
        n.InvalidateRangeStart(_hva, _hva + GpaFaultBenchmarks.Pages * 4096ul);
        n.InvalidateRangeEnd(_hva, _hva + GpaFaultBenchmarks.Pages * 4096ul);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _vm.Dispose();
        _host.Dispose();
    }
}
