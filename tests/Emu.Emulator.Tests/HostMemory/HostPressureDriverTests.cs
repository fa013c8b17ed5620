using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostPressureDriverTests
{
    private static (HostMm Mm, ulong Ram, ulong Balloon) Setup(int ramPages = 32)
    {
        var mm = new HostMm(new HostMmOptions { PoisonFreedFrames = true });
        ulong ram = mm.MapAnonymous((ulong)ramPages * Page, "ram");
        ulong balloon = mm.MapAnonymous(8 * Page, "balloon");
        for (int i = 0; i < ramPages; i++)
        {
            Write(mm, ram + (ulong)i * Page, (ulong)(i % 3));
        }
        return (mm, ram, balloon);
    }

    private static long[] RunToCompletion(int seed, long operations)
    {
        var (mm, ram, balloon) = Setup();
        using var owner = mm;
        using var driver = new HostPressureDriver(mm, new HostPressureOptions
        {
            Seed = seed,
            OperationsPerSecond = 0,
            MaxOperations = operations,
            Ranges = [new HvaRange(ram, 32 * Page)],
            BalloonRange = new HvaRange(balloon, 8 * Page),
        });
        driver.Start();
        SpinWait.SpinUntil(() => driver.Finished);
        driver.Stop();
        Assert.Equal(operations, driver.Operations);
        return [.. new[] { PressureKinds.Ksm, PressureKinds.Cow, PressureKinds.Swap, PressureKinds.Balloon, PressureKinds.Age, PressureKinds.Mprotect }.Select(driver.Count)];
    }

    [Fact]
    public void SameSeed_SameChoices_AllKindsCounted()
    {
        var a = RunToCompletion(seed: 7, operations: 600);
        var b = RunToCompletion(seed: 7, operations: 600);
        var c = RunToCompletion(seed: 8, operations: 600);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(600, a.Sum());
        Assert.All(a, n => Assert.True(n > 0));
    }

    [Fact]
    public void Stop_UndoesSnapshotsMprotectAndBalloon_AndGuestDataSurvives()
    {
        var (mm, ram, balloon) = Setup();
        using var owner = mm;
        var driver = new HostPressureDriver(mm, new HostPressureOptions
        {
            Seed = 3,
            OperationsPerSecond = 0,
            MaxOperations = 400,
            MaxHoldOperations = 1000, // nothing is undone before Stop
            Ranges = [new HvaRange(ram, 32 * Page)],
            BalloonRange = new HvaRange(balloon, 8 * Page),
        });
        Assert.Equal(3, driver.Seed);
        driver.Start();
        SpinWait.SpinUntil(() => driver.Finished);
        Assert.True(mm.SnapshotCount > 0);
        Assert.True(mm.BalloonedPages > 0);
        driver.Stop();
        Assert.Equal(0, mm.SnapshotCount);
        Assert.Equal(0, mm.BalloonedPages);
        for (int i = 0; i < 32; i++)
        {
            Assert.Equal((ulong)(i % 3), Read(mm, ram + (ulong)i * Page));
            Write(mm, ram + (ulong)i * Page, 100); // writable again after the mprotect downgrades were undone
        }
        Assert.True(mm.Stats.KsmMerges > 0);
        AssertBalanced(mm);
        Assert.Contains("seed 3", driver.ToString());
    }

    [Fact]
    public void Balloon_TouchesOnlyTheBalloonRange()
    {
        var (mm, ram, balloon) = Setup(8);
        using var owner = mm;
        Write(mm, balloon, 0xFEED);
        using var driver = new HostPressureDriver(mm, new HostPressureOptions
        {
            Seed = 1,
            OperationsPerSecond = 0,
            MaxOperations = 200,
            Kinds = PressureKinds.Balloon,
            Ranges = [new HvaRange(ram, 8 * Page)],
            BalloonRange = new HvaRange(balloon, Page),
        });
        driver.Start();
        SpinWait.SpinUntil(() => driver.Finished);
        driver.Stop();
        Assert.Equal(200, driver.Count(PressureKinds.Balloon));
        Assert.Equal(0UL, Read(mm, balloon));
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal((ulong)(i % 3), Read(mm, ram + (ulong)i * Page));
        }
    }

    [Fact]
    public void DriverError_IsRethrownByStop_WithTheSeed()
    {
        var (mm, ram, _) = Setup(4);
        using var owner = mm;
        mm.RegisterNotifier(new ThrowingNotifier());
        var driver = new HostPressureDriver(mm, new HostPressureOptions
        {
            Seed = 99,
            OperationsPerSecond = 0,
            Kinds = PressureKinds.Mprotect,
            Ranges = [new HvaRange(ram, 4 * Page)],
        });
        driver.Start();
        SpinWait.SpinUntil(() => driver.Finished);
        var e = Assert.Throws<InvalidOperationException>(driver.Stop);
        Assert.Contains("seed 99", e.Message);
    }

    private sealed class ThrowingNotifier : IMmuNotifier
    {
        public void InvalidateRangeStart(ulong hvaStart, ulong hvaEnd) => throw new InvalidOperationException("boom");
        public void InvalidateRangeEnd(ulong hvaStart, ulong hvaEnd) { }
        public void ChangePte(ulong hva, ulong newPfn, bool writable) { }
        public bool ClearFlushYoung(ulong hvaStart, ulong hvaEnd) => false;
        public bool ClearYoung(ulong hvaStart, ulong hvaEnd) => false;
        public bool TestYoung(ulong hva) => false;
        public void Release() { }
    }
}
