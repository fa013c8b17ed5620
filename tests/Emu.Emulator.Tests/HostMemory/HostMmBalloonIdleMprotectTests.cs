using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmBalloonIdleMprotectTests
{
    [Fact]
    public void BalloonInflate_DiscardsPages_NextTouchIsZero_DeflateIsBookkeeping()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        ulong pfn = Write(mm, hva, 11);
        Write(mm, hva + Page, 12);
        mm.SwapOut(hva + Page, Page);
        n.Clear();
        Assert.Equal(2, mm.BalloonInflate(hva, 4 * Page));
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        Assert.True(n.Calls[0].OldPfnAllocated);
        Assert.Equal(11UL, n.Calls[0].OldFirstWord);
        Assert.False(mm.IsFrameAllocated(pfn));
        Assert.Equal(0, mm.SwapSlotsInUse);
        Assert.Equal(4, mm.BalloonedPages);
        n.Clear();
        Assert.Equal(4, mm.BalloonDeflate(hva, 4 * Page));
        Assert.Empty(n.Calls);
        Assert.Equal(0UL, Read(mm, hva));
        Assert.Equal(0UL, Read(mm, hva + Page));
        Assert.Equal(4, mm.Stats.BalloonInflatedPages);
        AssertBalanced(mm);
    }

    [Fact]
    public void ClearYoung_ThenTestYoung_ReflectsOnlyLaterAccesses()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(3 * Page, "ram");
        for (int i = 0; i < 3; i++)
        {
            Write(mm, hva + (ulong)i * Page, 1);
        }
        n.YoungPages.Add(hva + 2 * Page); // the secondary MMU saw page 2 accessed
        Assert.True(mm.TestYoung(hva));
        Assert.True(mm.ClearYoung(hva, 3 * Page));
        Assert.Single(n.OfKind("clear_young"));
        Assert.Empty(n.OfKind("clear_flush_young")); // page_idle: no flush
        Assert.False(mm.TestYoung(hva));
        Assert.True(mm.IsIdle(hva));
        Assert.True(mm.IsIdle(hva + 2 * Page));

        Read(mm, hva + Page);                // host access
        n.YoungPages.Add(hva + 2 * Page);     // guest access through the secondary MMU
        Assert.False(mm.IsIdle(hva + Page));
        Assert.True(mm.TestYoung(hva + Page));
        Assert.True(mm.TestYoung(hva + 2 * Page));
        Assert.False(mm.IsIdle(hva + 2 * Page));
        Assert.True(mm.IsIdle(hva));
    }

    [Fact]
    public void AgeRange_ClearFlushYoung_PerResidentPage()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(3 * Page, "ram");
        Write(mm, hva, 1);
        Write(mm, hva + Page, 1);
        Assert.Equal(2, mm.AgeRange(hva, 3 * Page));
        Assert.Equal(2, n.OfKind("clear_flush_young").Count()); // page 2 has no frame
        Assert.Equal(0, mm.AgeRange(hva, 3 * Page));
        n.YoungPages.Add(hva + Page);
        Assert.Equal(1, mm.AgeRange(hva, 3 * Page));
        Assert.Equal(3, mm.Stats.AgingPasses);
    }

    [Fact]
    public void Mprotect_DowngradeFailsWrites_ReadsStillWork_UpgradeRestores()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        ulong pfn = Write(mm, hva, 21);
        n.Clear();
        mm.Mprotect(hva, 2 * Page, writable: false);
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        Assert.True(n.Calls[0].Pte.Writable, "range_start runs before write permission is removed");
        Assert.False(n.Calls[1].Pte.Writable);

        Assert.False(mm.FaultIn(hva, write: true, out _, out _));
        Assert.False(mm.FaultIn(hva + Page, write: true, out _, out _));
        Assert.Equal(21UL, Read(mm, hva, out _, out bool writable));
        Assert.False(writable);

        n.Clear();
        mm.Mprotect(hva, 2 * Page, writable: true);
        Assert.Empty(n.Calls); // an upgrade needs no notifier
        Assert.True(mm.TryGetPte(hva, out var pte) && !pte.Writable && pte.ProtWrite);
        Assert.Equal(pfn, Write(mm, hva, 22)); // the write fault makes it writable in place
        Assert.Equal(22UL, Read(mm, hva));
        Write(mm, hva + Page, 23);
        Assert.Equal(1, mm.Stats.MprotectDowngrades);
        Assert.Equal(1, mm.Stats.MprotectUpgrades);
        AssertBalanced(mm);
    }
}
