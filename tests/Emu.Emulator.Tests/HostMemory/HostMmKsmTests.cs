using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmKsmTests
{
    [Fact]
    public void KsmMerge_MergesEqualPagesOnly_IntoOneReadOnlyFrame()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        ulong a = Write(mm, hva, 7);
        Write(mm, hva + Page, 7);
        Write(mm, hva + 2 * Page, 8);
        Write(mm, hva + 3 * Page, 7);
        long before = mm.FramesInUse;
        n.Clear();

        Assert.Equal(2, mm.KsmMerge(hva, 4 * Page));
        Assert.Equal(before - 2, mm.FramesInUse);
        Read(mm, hva, out ulong p0, out bool w0);
        Read(mm, hva + Page, out ulong p1, out _);
        Read(mm, hva + 2 * Page, out ulong p2, out bool w2);
        Read(mm, hva + 3 * Page, out ulong p3, out _);
        Assert.Equal(a, p0);
        Assert.Equal(p0, p1);
        Assert.Equal(p0, p3);
        Assert.NotEqual(p0, p2);
        Assert.False(w0);
        Assert.True(mm.IsKsmFrame(p0));
        Assert.False(mm.IsKsmFrame(p2));
        Assert.Equal(3, mm.GetMapCount(p0));
        Assert.Empty(n.Violations);

        // The replaced pages: change_pte to the KSM frame, read-only, inside a pair whose start still saw the old frame.
        var replaced = n.OfKind("change_pte").Where(c => c.Pfn == p0 && c.Start != hva).ToList();
        Assert.Equal(2, replaced.Count);
        Assert.All(replaced, c => Assert.False(c.Writable));
        var startOfPage1 = n.Calls.Last(c => c.Kind == "start" && c.Start == hva + Page);
        Assert.True(startOfPage1.OldPfnAllocated);
        Assert.NotEqual(p0, startOfPage1.Pte.Pfn);
        AssertBalanced(mm);
    }

    [Fact]
    public void KsmMerge_WriteProtectsBeforeComparing()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        ulong a = Write(mm, hva, 3);
        ulong b = Write(mm, hva + Page, 3);
        n.Clear();
        mm.KsmMerge(hva, 2 * Page);
        // write_protect_page for each page (its own pfn, read-only), then replace_page for the second.
        var changes = n.OfKind("change_pte").Select(c => (c.Start, c.Pfn, c.Writable)).ToList();
        Assert.Equal([(hva, a, false), (hva + Page, b, false), (hva + Page, a, false)], changes);
    }

    [Fact]
    public void KsmMerge_SkipsPinnedFrames()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        Write(mm, hva, 9);
        Write(mm, hva + Page, 9);
        Assert.True(mm.FaultIn(hva + Page, false, out ulong pinned, out _));
        Assert.Equal(0, mm.KsmMerge(hva, 2 * Page));
        mm.PutPage(pinned);
        Assert.Equal(1, mm.KsmMerge(hva, 2 * Page));
    }

    [Fact]
    public void WriteToKsmPage_BreaksSharing_OtherPageUnchanged()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        Write(mm, hva, 5);
        Write(mm, hva + Page, 5);
        mm.KsmMerge(hva, 2 * Page);
        Read(mm, hva, out ulong ksm, out _);
        n.Clear();
        ulong fresh = Write(mm, hva + Page, 6);
        Assert.NotEqual(ksm, fresh);
        Assert.Equal(["start", "change_pte", "end"], n.Calls.Select(c => c.Kind));
        Assert.Equal(1, mm.Stats.FaultsKsmBreak);
        Assert.Equal(5UL, Read(mm, hva));
        Assert.Equal(6UL, Read(mm, hva + Page));
        // A KSM page is never reused in place even when it has one mapping left.
        n.Clear();
        Assert.NotEqual(ksm, Write(mm, hva, 7));
        Assert.Equal(2, mm.Stats.FaultsKsmBreak);
        Assert.False(mm.IsFrameAllocated(ksm));
        AssertBalanced(mm);
    }

    [Fact]
    public void KsmMergeAll_ScansEveryRegion()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong a = mm.MapAnonymous(2 * Page, "a");
        ulong b = mm.MapAnonymous(2 * Page, "b");
        Write(mm, a, 1);
        Write(mm, a + Page, 1);
        Write(mm, b, 2);
        Write(mm, b + Page, 2);
        Assert.Equal(2, mm.Regions.Count);
        Assert.Equal(2, mm.KsmMergeAll());
        Assert.Equal(2, mm.FramesInUse);
    }
}
