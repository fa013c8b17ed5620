using Emu.Emulator.Cpu;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;
using Emu.Emulator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Emu.Emulator.Tests.Kvm;

/// <summary>
/// The KVM selftests re-expressed (tools/testing/selftests/kvm: the memslot and dirty-log tests): vCPU threads write and verify per-page patterns while
/// the host pressure driver merges, COW-shares, swaps, balloons, ages and write-protects the memory under
/// them. Bounded sizes with a fixed, printed seed; EMU_STRESS_SCALE=N runs N times longer, with an instruction
/// budget that grows with it (<see cref="PageWriterGuest.MaxInstructions"/>).
/// </summary>
public class MmuStressTests(ITestOutputHelper output)
{
    private const int Vcpus = 2;
    private const int Pages = 192;

    private static int Rounds => StressScale.Rounds(1500);

    [Theory]
    [InlineData(20261125, PressureKinds.All)]
    [InlineData(7, PressureKinds.Ksm | PressureKinds.Swap)]
    [InlineData(11, PressureKinds.Cow | PressureKinds.Mprotect | PressureKinds.Age)]
    public void GuestWrites_SurviveHostPressure_NoLostWrites_NoStaleReads(int seed, PressureKinds kinds)
    {
        output.WriteLine($"seed={seed} kinds={kinds} rounds={Rounds}");
        using var vm = new KvmTestVm(ramSize: 4u << 20, vcpus: Vcpus);
        vm.WriteWords(PageWriterGuest.CodeVa, PageWriterGuest.Code());
        PageWriterGuest.LoadConstPages(vm, Pages);
        using var pressure = new HostPressureDriver(vm.HostMm, new HostPressureOptions
        {
            Seed = seed,
            Kinds = kinds,
            OperationsPerSecond = 0,
            Ranges = [new HvaRange(vm.HvaOf(PageWriterGuest.RegionGpa), (Pages + PageWriterGuest.ConstPages) * 4096ul)],
            // The balloon takes pages the guest has given up: the last MiB, which the workload never touches.
            BalloonRange = new HvaRange(vm.HvaOf(3u << 20), 1u << 20),
        });
        pressure.Start();
        RunAll(vm, Rounds);
        pressure.Stop();

        for (var k = 0; k < Vcpus; k++)
        {
            Assert.True(vm.Exit.Values[k] == 0, $"vCPU {k} saw {vm.Exit.Values[k]} stale reads (seed {seed})");
        }
        for (var p = 0; p < Pages; p++)
        {
            var va = PageWriterGuest.RegionVa + (uint)p * 4096;
            Assert.Equal(PageWriterGuest.Expected(p, Rounds), vm.ReadWord(va));
            Assert.Equal(PageWriterGuest.Expected(p, Rounds), vm.ReadWord(va + 2048));
        }
        var audit = vm.HostMm.Audit();
        Assert.True(audit.Balanced, audit.ToString());
        output.WriteLine($"host: {vm.HostMm.Stats}");
        output.WriteLine($"vm: zapped={vm.Vm.Stat.GpaPtesZapped} flushes={vm.Vm.Stat.FlushRequests} remote={vm.Vm.Stat.RemoteTlbFlush} " +
                         $"slow={vm.Memories.Sum(m => m.Stat.GpaFaultsSlow)} fast={vm.Memories.Sum(m => m.Stat.GpaFaultsFast)} " +
                         $"retries={vm.Memories.Sum(m => m.Stat.GpaFaultRetries)} hostfault={vm.Memories.Sum(m => m.Stat.HostFaultExits)}");
        Assert.True(vm.Vm.Stat.NotifierInvalidateRangeStart > 0, "the pressure driver never invalidated anything");
        if ((kinds & PressureKinds.Ksm) != 0)
        {
            Assert.True(vm.HostMm.Stats.KsmMerges > 0, "KSM never merged the constant pages");
        }
    }

    [Fact]
    public void DirtyLog_UnderConcurrentWrites_LosesNoWrite()
    {
        // dirty_log_test as live migration uses it: copy every reported page into a shadow while the guest runs;
        // after the guest stops and one last collection, the shadow must equal guest memory.
        using var vm = new KvmTestVm(ramSize: 4u << 20, flags: MemslotFlags.LogDirtyPages, vcpus: Vcpus);
        vm.WriteWords(PageWriterGuest.CodeVa, PageWriterGuest.Code());
        var shadow = new byte[Pages * 4096];
        Assert.True(vm.Vm.ReadGuest(PageWriterGuest.RegionGpa, shadow));
        vm.Vm.GetDirtyLog(0);
        using var pressure = new HostPressureDriver(vm.HostMm, new HostPressureOptions
        {
            Seed = 5,
            Kinds = PressureKinds.Ksm | PressureKinds.Swap | PressureKinds.Cow,
            OperationsPerSecond = 0,
            Ranges = [new HvaRange(vm.HvaOf(PageWriterGuest.RegionGpa), (Pages + PageWriterGuest.ConstPages) * 4096ul)],
        });
        var done = false;
        var collections = 0;
        var collector = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                Collect(vm, shadow);
                collections++;
                Thread.Sleep(1);
            }
        });
        pressure.Start();
        collector.Start();
        RunAll(vm, Rounds);
        Volatile.Write(ref done, true);
        collector.Join();
        pressure.Stop();
        Collect(vm, shadow);

        var memory = new byte[shadow.Length];
        Assert.True(vm.Vm.ReadGuest(PageWriterGuest.RegionGpa, memory));
        for (var p = 0; p < Pages; p++)
        {
            Assert.True(memory.AsSpan(p * 4096, 4096).SequenceEqual(shadow.AsSpan(p * 4096, 4096)),
                $"page {p}: a write was never reported by the dirty log ({collections} collections)");
        }
        output.WriteLine($"collections={collections}");
        Assert.True(collections > 1);
    }

    [Fact]
    public void MemslotChurn_NextToRunningVcpus_DisturbsNothing()
    {
        // memslot_modification_stress_test: a one-page slot is created and deleted over and over just above
        // the vCPUs' memory while they run; every delete/move flushes all vCPUs, and none of it may show.
        using var vm = new KvmTestVm(ramSize: 4u << 20, vcpus: Vcpus);
        vm.WriteWords(PageWriterGuest.CodeVa, PageWriterGuest.Code());
        PageWriterGuest.LoadConstPages(vm, Pages);
        var churnHva = vm.HostMm.MapAnonymous(4096, "churn");
        var done = false;
        var churns = 0;
        var churner = new Thread(() =>
        {
            while (!Volatile.Read(ref done))
            {
                vm.Vm.SetUserMemoryRegion(5, MemslotFlags.None, 0x00400000, 4096, churnHva);
                vm.Vm.SetUserMemoryRegion(5, MemslotFlags.None, 0x00401000, 4096, churnHva); // move
                vm.Vm.SetUserMemoryRegion(5, MemslotFlags.None, 0x00401000, 0, churnHva);    // delete
                churns++;
            }
        });
        churner.Start();
        RunAll(vm, Rounds);
        Volatile.Write(ref done, true);
        churner.Join();
        for (var k = 0; k < Vcpus; k++)
        {
            Assert.Equal(0u, vm.Exit.Values[k]);
        }
        for (var p = 0; p < Pages; p++)
        {
            Assert.Equal(PageWriterGuest.Expected(p, Rounds), vm.ReadWord(PageWriterGuest.RegionVa + (uint)p * 4096));
        }
        output.WriteLine($"churns={churns} flushes={vm.Vm.Stat.FlushRequests} remote={vm.Vm.Stat.RemoteTlbFlush}");
        Assert.True(churns > 0);
        Assert.Equal(GpaFaultResult.NoSlot, vm.Memory.Faults.MapPage(0x00401000, false, out _));
    }

    private static void Collect(KvmTestVm vm, byte[] shadow)
    {
        var log = vm.Vm.GetDirtyLog(0);
        var firstGfn = PageWriterGuest.RegionGpa >> 12;
        for (var p = 0; p < Pages; p++)
        {
            var gfn = firstGfn + (uint)p;
            if (((log[gfn / 64] >> (int)(gfn % 64)) & 1) != 0)
            {
                Assert.True(vm.Vm.ReadGuest(PageWriterGuest.RegionGpa + (uint)p * 4096, shadow.AsSpan(p * 4096, 4096)));
            }
        }
    }

    private static void RunAll(KvmTestVm vm, int rounds)
    {
        var reasons = new StopReason[Vcpus];
        var threads = Enumerable.Range(0, Vcpus).Select(k => new Thread(() =>
        {
            PageWriterGuest.Prepare(vm.Cpus[k], k, Vcpus, Pages, rounds);
            // The budget follows the work (EMU_STRESS_SCALE), so a longer run never ends on the limit.
            reasons[k] = vm.Cpus[k].Run(PageWriterGuest.MaxInstructions(k, Vcpus, Pages, rounds));
        })).ToArray();
        foreach (var t in threads)
        {
            t.Start();
        }
        foreach (var t in threads)
        {
            t.Join();
        }
        Assert.All(reasons, r => Assert.Equal(StopReason.Halted, r));
    }
}
