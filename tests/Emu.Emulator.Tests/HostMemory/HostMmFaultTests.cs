using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmFaultTests
{
    [Fact]
    public void MapAnonymous_ReturnsPageAlignedNonOverlappingRegions()
    {
        using var mm = new HostMm(new HostMmOptions());
        ulong a = mm.MapAnonymous(3 * Page, "a");
        ulong b = mm.MapAnonymous(Page, "b");
        Assert.Equal(0UL, a % Page);
        Assert.Equal(0UL, b % Page);
        Assert.True(b >= a + 3 * Page);
        Assert.True(mm.TryGetPte(a + 2 * Page, out var pte) && pte.Mapped && !pte.Present);
        Assert.False(mm.TryGetPte(a + 3 * Page, out _));
    }

    [Fact]
    public void FaultIn_FirstWrite_IsDemandZeroAndWritable()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        Assert.True(mm.FaultIn(hva + Page + 8, write: true, out ulong pfn, out bool writable));
        Assert.True(writable);
        Assert.NotEqual(HostMm.ZeroPfn, pfn);
        Assert.True(mm.FrameSpan(pfn).IndexOfAnyExcept((byte)0) < 0, "a new anonymous page reads as zeros");
        Assert.Equal(2, mm.GetRefCount(pfn)); // the mapping + our gup reference
        Assert.Equal(1, mm.GetMapCount(pfn));
        mm.PutPage(pfn);
        Assert.Equal(1, mm.Stats.FaultsDemandZero);
        Assert.True(mm.TryGetPte(hva + Page, out var pte) && pte.Present && pte.Writable && pte.Young && pte.Dirty);
        Assert.Empty(n.Calls); // a new mapping needs no notifier
        AssertBalanced(mm);
    }

    [Fact]
    public void FaultIn_FirstRead_MapsZeroPageReadOnly_AndWriteBreaksItWithNotifiers()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        Assert.Equal(0UL, Read(mm, hva, out ulong pfn, out bool writable));
        Assert.Equal(HostMm.ZeroPfn, pfn);
        Assert.False(writable, "hva_to_pfn: a read fault on the zero page is not writable");
        Assert.Empty(n.Calls);

        ulong newPfn = Write(mm, hva, 42);
        Assert.NotEqual(HostMm.ZeroPfn, newPfn);
        Assert.Equal(["start", "change_pte", "end"], n.Calls.Select(c => c.Kind));
        Assert.Equal(HostMm.ZeroPfn, n.Calls[0].Pte.Pfn); // start: the old PTE still in place
        Assert.Equal(newPfn, n.Calls[1].Pfn);
        Assert.True(n.Calls[1].Writable);
        Assert.Equal(newPfn, n.Calls[1].Pte.Pfn); // change_pte: the new PTE is installed
        Assert.Empty(n.Violations);
        Assert.Equal(1, mm.Stats.FaultsZeroPageBreak);
        Assert.Equal(42UL, Read(mm, hva));
        Assert.True(mm.FrameSpan(HostMm.ZeroPfn).IndexOfAnyExcept((byte)0) < 0, "the zero page stays zero");
    }

    [Fact]
    public void FaultIn_WithoutZeroPage_ReadAllocatesAWritableFrame()
    {
        var (mm, _) = Create(useZeroPage: false);
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        Read(mm, hva, out ulong pfn, out bool writable);
        Assert.NotEqual(HostMm.ZeroPfn, pfn);
        Assert.True(writable, "an exclusive anonymous page is mapped writable; hva_to_pfn reports it");
    }

    [Fact]
    public void FaultIn_OutsideAnyMapping_OrAfterUnmap_Fails()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        Assert.False(mm.FaultIn(hva - Page, false, out _, out _));
        Assert.False(mm.FaultIn(hva + 2 * Page, true, out _, out _));
        Write(mm, hva, 1);
        mm.Unmap(hva, Page);
        Assert.False(mm.FaultIn(hva, false, out _, out _));
        Assert.True(mm.FaultIn(hva + Page, false, out ulong pfn, out _)); // the rest of the VMA survives
        mm.PutPage(pfn);
        Assert.Equal(3, mm.Stats.FaultsError);
    }

    [Fact]
    public void Unmap_NotifiesBeforeTheFrameIsFreed()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        ulong pfn = Write(mm, hva, 0x1122334455667788);
        n.Clear();
        mm.Unmap(hva, 2 * Page);
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        var start = n.Calls[0];
        Assert.Equal((hva, hva + 2 * Page), (start.Start, start.End));
        Assert.Equal(pfn, start.Pte.Pfn);
        Assert.True(start.OldPfnAllocated, "the frame must still be allocated when range_start runs");
        Assert.Equal(0x1122334455667788UL, start.OldFirstWord);
        Assert.False(mm.IsFrameAllocated(pfn), "freed once the mapping is gone");
        Assert.Equal(0, mm.FramesInUse);
    }

    [Fact]
    public void PutPage_AReferencedFrameIsNeverFreedOrReused()
    {
        var (mm, _) = Create(poison: true);
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        Write(mm, hva, 77);
        Assert.True(mm.FaultIn(hva, false, out ulong held, out _)); // a gup reference, like a vCPU mid-fault
        mm.Unmap(hva, Page);
        Assert.True(mm.IsFrameAllocated(held));
        Assert.Equal(1, mm.GetRefCount(held));
        Assert.Equal(0, mm.GetMapCount(held));

        ulong other = mm.MapAnonymous(64 * Page, "other");
        for (int i = 0; i < 64; i++)
        {
            Assert.NotEqual(held, Write(mm, other + (ulong)i * Page, 1));
        }
        Assert.Equal(77UL, *(ulong*)mm.FrameAddress(held));

        mm.PutPage(held);
        Assert.False(mm.IsFrameAllocated(held));
        Assert.Equal(0xDBDBDBDBDBDBDBDBUL, *(ulong*)mm.FrameAddress(held)); // poisoned: a stale user would see it
        Assert.Throws<InvalidOperationException>(() => mm.PutPage(held));
        AssertBalanced(mm);
    }

    [Fact]
    public void FrameAddress_IsStableAcrossChunkGrowth()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(1200 * Page, "big");
        ulong first = Write(mm, hva, 5);
        byte* before = mm.FrameAddress(first);
        for (int i = 1; i < 1200; i++)
        {
            Write(mm, hva + (ulong)i * Page, (ulong)i);
        }
        Assert.True(mm.FramesInUse >= 1200);
        Assert.True(before == mm.FrameAddress(first));
        Assert.Equal(5UL, Read(mm, hva));
        Assert.Equal(1199UL, Read(mm, hva + 1199 * Page));
    }

    [Fact]
    public void SetPfnDirty_AndAccessed_AreLockFreeFlagUpdates()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        ulong pfn = Write(mm, hva, 1);
        Assert.False(mm.IsFrameDirty(pfn));
        mm.SetPfnDirty(pfn);
        Assert.True(mm.IsFrameDirty(pfn));
        mm.SetPfnAccessed(pfn);
        Assert.Equal(1, mm.AgeRange(hva, Page)); // PG_referenced counts as referenced once
        Assert.Equal(0, mm.AgeRange(hva, Page));
    }

    [Fact]
    public void Dispose_ReleasesNotifiers_AndClosesTheSwapFile()
    {
        var (mm, n) = Create();
        ulong hva = mm.MapAnonymous(Page, "ram");
        Write(mm, hva, 3);
        Assert.Equal(1, mm.SwapOut(hva, Page));
        var handle = mm.SwapFileHandle;
        mm.Dispose();
        Assert.Equal("release", n.Calls[^1].Kind);
        Assert.True(handle.IsClosed);
    }
}
