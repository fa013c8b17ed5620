using Emu.Emulator.HostMemory;
using Xunit.Abstractions;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmStressTests(ITestOutputHelper output)
{
    private static int SeedFromEnvironment(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("EMU_STRESS_SEED"), out int s) ? s : fallback;

    /// <summary>
    /// Writer threads (each owning a set of pages) write and verify per-page counters through a secondary
    /// MMU that follows the notifier protocol, while the pressure driver merges, shares, swaps, balloons,
    /// ages and write-protects. No write may be lost, no read may be stale, and at the end the frame
    /// accounting must balance. Counters cycle through few values so that KSM finds equal pages.
    /// </summary>
    [Fact]
    public void Stress_WritersUnderAllPressureKinds_LoseNoWrites_AndFramesBalance()
    {
        int seed = SeedFromEnvironment(20261126);
        const int Threads = 3, PagesPerThread = 16, MinAccessesPerThread = 5000, TargetOperations = 3000;
        const int Pages = Threads * PagesPerThread;
        using var mm = new HostMm(new HostMmOptions { PoisonFreedFrames = true });
        ulong ram = mm.MapAnonymous(Pages * Page, "guest-ram");
        ulong balloon = mm.MapAnonymous(16 * Page, "balloon");
        var mmu = new TestSecondaryMmu(mm, ram, Pages);
        mm.RegisterNotifier(mmu);
        var recorder = new RecordingNotifier(mm);
        mm.RegisterNotifier(recorder);

        var expected = new ulong[Pages];
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var driver = new HostPressureDriver(mm, new HostPressureOptions
        {
            Seed = seed,
            OperationsPerSecond = 0,
            Kinds = PressureKinds.All,
            Ranges = [new HvaRange(ram, Pages * Page)],
            BalloonRange = new HvaRange(balloon, 16 * Page),
            MaxPagesPerOperation = 8,
            MaxPagesPerKsmPass = 12,
            MaxHoldOperations = 6,
        });
        output.WriteLine($"seed {seed} (set EMU_STRESS_SEED to reproduce)");
        driver.Start();

        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            try
            {
                Writer(t);
            }
            catch (Exception e)
            {
                failures.Enqueue($"writer {t}: {e}");
            }
        })).ToList();

        void Writer(int t)
        {
            var rng = new Random(seed + t + 1);
            // Bounded: until the driver has done its operations (or a generous deadline), at least MinAccesses.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            for (int n = 0; failures.IsEmpty && (n < MinAccessesPerThread || (driver.Operations < TargetOperations && DateTime.UtcNow < deadline)); n++)
            {
                if ((n & 15) == 0)
                {
                    Thread.Yield();
                }
                int page = t * PagesPerThread + rng.Next(PagesPerThread);
                bool write = rng.Next(3) != 0;
                bool ok = mmu.Access(page, write, addr =>
                {
                    ulong seen = *(ulong*)addr;
                    if (seen != expected[page])
                    {
                        failures.Enqueue($"page {page}: read 0x{seen:x}, expected 0x{expected[page]:x} ({(write ? "before write" : "read")}, access {n})");
                        return;
                    }
                    if (write)
                    {
                        expected[page] = (expected[page] + 1) % 4;
                        *(ulong*)addr = expected[page];
                    }
                });
                if (!ok)
                {
                    failures.Enqueue($"page {page}: host refused the fault for too long (mprotect never restored?)");
                }
            }
        }
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        driver.Stop();
        output.WriteLine(driver.ToString());
        output.WriteLine(mm.Stats.ToString());
        output.WriteLine($"secondary MMU faults {mmu.Faults}, retries {mmu.Retries}");

        Assert.True(failures.IsEmpty, $"seed {seed}: " + string.Join("\n", failures.Take(5)));
        Assert.True(mmu.Violations.Count == 0, $"seed {seed}: " + string.Join("\n", mmu.Violations.Take(5)));
        Assert.True(recorder.Violations.Count == 0, $"seed {seed}: " + string.Join("\n", recorder.Violations.Take(5)));
        Assert.Equal(0, recorder.Depth);
        foreach (var kind in new[] { PressureKinds.Ksm, PressureKinds.Cow, PressureKinds.Swap, PressureKinds.Balloon, PressureKinds.Age, PressureKinds.Mprotect })
        {
            Assert.True(driver.Count(kind) > 0, $"seed {seed}: no {kind} operation ran");
        }

        // Host frames equal the writers' view, every page is writable again, and frames balance.
        for (int p = 0; p < Pages; p++)
        {
            Assert.True(mm.FaultIn(ram + (ulong)p * Page, write: true, out ulong pfn, out _), $"seed {seed}: page {p} not writable after Stop");
            Assert.Equal(expected[p], *(ulong*)mm.FrameAddress(pfn));
            mm.PutPage(pfn);
        }
        Assert.Equal(0, mm.SnapshotCount);
        Assert.Equal(0, mm.BalloonedPages);
        var audit = mm.Audit();
        output.WriteLine(audit.ToString());
        Assert.True(audit.Balanced, $"seed {seed}: {audit}");
        Assert.Equal(0, audit.OutstandingGupRefs);
        Assert.Equal(audit.DistinctPteFrames, mm.FramesInUse);
    }
}
