using BenchmarkDotNet.Attributes;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Memory;
using Emu.Emulator.Mmu;

namespace Emu.Mmu.Bench;

/// <summary>One VM with a 1 MiB memslot and a vCPU front door, shared by the MMU benchmarks.</summary>
public abstract class MmuBenchmarkBase
{
    public const int Pages = 256; // 1 MiB

    protected HostMm Host { get; private set; } = null!;
    protected Vm Vm { get; private set; } = null!;
    protected VcpuMemory Memory { get; private set; } = null!;
    protected ulong Hva { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        Host = new HostMm(new HostMmOptions());
        Vm = new Vm(Host);
        Hva = Host.MapAnonymous(Pages * 4096ul, "bench");
        Vm.SetUserMemoryRegion(0, MemslotFlags.None, 0, Pages * 4096ul, Hva);
        Memory = new VcpuMemory(Vm, Vm.ReserveVcpu(), new PhysicalBus());
        MapAll();
    }

    /// <summary>Write-faults every page in (present, writable, dirty).</summary>
    protected void MapAll()
    {
        for (var p = 0ul; p < Pages; p++)
        {
            Memory.Faults.MapPage(p * 4096, true, out _);
        }
    }

    /// <summary>unmap_hva_range over the whole slot, as the host's invalidate_range_start/end pair.</summary>
    protected void UnmapAll()
    {
        IMmuNotifier n = Vm;
        n.InvalidateRangeStart(Hva, Hva + Pages * 4096ul);
        n.InvalidateRangeEnd(Hva, Hva + Pages * 4096ul);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Vm.Dispose();
        Host.Dispose();
    }
}

/// <summary>
/// GPA faults on the fast path (PTE present, young/dirty update under MmuLock) and the slow path (host lookup,
/// retry check, PTE install). Each operation covers <see cref="MmuBenchmarkBase.Pages"/> pages; divide by it.
/// </summary>
[MemoryDiagnoser]
public class GpaFaultBenchmarks : MmuBenchmarkBase
{
    [Benchmark(Description = "fast path: 256 present pages")]
    public void FastPath()
    {
        for (var p = 0ul; p < Pages; p++)
        {
            Memory.Faults.MapPage(p * 4096, false, out _);
        }
    }

    [Benchmark(Description = "slow path: zap + refault 256 pages")]
    public void SlowPath()
    {
        UnmapAll();
        MapAll();
    }
}

/// <summary>unmap_hva_range (invalidate_range_start/end) over 1 MiB whose 256 pages are all mapped.</summary>
[InvocationCount(1, 1)]
public class UnmapBenchmarks : MmuBenchmarkBase
{
    [IterationSetup]
    public void Remap() => MapAll();

    [Benchmark(Description = "unmap_hva_range of 1 MiB, 256 pages mapped")]
    public void UnmapOneMiB() => UnmapAll();
}
