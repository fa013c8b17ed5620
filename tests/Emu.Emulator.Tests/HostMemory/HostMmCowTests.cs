using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmCowTests
{
    [Fact]
    public void ShareCow_WriteProtectsInsideARangePair_AndReadsComeBackReadOnly()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        ulong pfn = Write(mm, hva, 10);
        n.Clear();
        using var snap = mm.ShareCow(hva, 4 * Page);
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        Assert.True(n.Calls[0].Pte.Writable, "range_start runs before the PTE is write-protected");
        Assert.False(n.Calls[1].Pte.Writable);
        Assert.Equal(2, mm.GetMapCount(pfn));
        Assert.Equal(10UL, Read(mm, hva, out ulong readPfn, out bool writable));
        Assert.Equal(pfn, readPfn);
        Assert.False(writable, "a read of a COW-shared page reports read-only (hva_to_pfn)");
    }

    [Fact]
    public void WriteAfterShareCow_BreaksSharing_ContentPreserved_SnapshotUnchanged()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        ulong oldPfn = Write(mm, hva, 0xAAAA);
        *(ulong*)(mm.FrameAddress(oldPfn) + 100) = 0xBBBB; // more content that the copy must carry
        var snap = mm.ShareCow(hva, 2 * Page);
        n.Clear();

        ulong newPfn = Write(mm, hva + 8, 0xCCCC);
        Assert.NotEqual(oldPfn, newPfn);
        // wp_page_copy order: start (old PTE, old frame alive with old contents), change_pte(new, writable), end.
        Assert.Equal(["start", "change_pte", "end"], n.Calls.Select(c => c.Kind));
        Assert.Equal(oldPfn, n.Calls[0].Pte.Pfn);
        Assert.True(n.Calls[0].OldPfnAllocated);
        Assert.Equal(0xAAAAUL, n.Calls[0].OldFirstWord);
        Assert.Equal((newPfn, true), (n.Calls[1].Pfn, n.Calls[1].Writable));
        Assert.Empty(n.Violations);
        Assert.Equal(1, mm.Stats.FaultsCowBreak);

        Assert.Equal(0xAAAAUL, Read(mm, hva));
        Assert.Equal(0xCCCCUL, Read(mm, hva + 8));
        Assert.Equal(0xBBBBUL, Read(mm, hva + 100));
        var page = new byte[Page];
        Assert.True(snap.TryReadPage(0, page));
        Assert.Equal(0xAAAAUL, BitConverter.ToUInt64(page, 0));
        Assert.Equal(0UL, BitConverter.ToUInt64(page, 8)); // the other side never sees the write
        Assert.False(snap.TryReadPage(1, page), "an untouched page is not part of the snapshot");

        Assert.True(mm.IsFrameAllocated(oldPfn));
        snap.Dispose();
        Assert.False(mm.IsFrameAllocated(oldPfn), "the snapshot held the last reference");
        AssertBalanced(mm);
    }

    [Fact]
    public void WriteAfterSnapshotReleased_ReusesTheFrameWithoutNotifiers()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        ulong pfn = Write(mm, hva, 1);
        mm.ShareCow(hva, Page).Dispose();
        n.Clear();
        Assert.Equal(pfn, Write(mm, hva, 2)); // wp_page_reuse: exclusive again
        Assert.Empty(n.Calls);
        Assert.Equal(1, mm.Stats.FaultsWriteReuse);
    }

    [Fact]
    public void WriteToSharedFrameWithGupReference_Copies()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        ulong pfn = Write(mm, hva, 1);
        mm.Mprotect(hva, Page, writable: false);
        mm.Mprotect(hva, Page, writable: true);
        Assert.True(mm.FaultIn(hva, false, out ulong pinned, out _)); // a pin: page_count 2, mapcount 1
        ulong after = Write(mm, hva, 2);
        Assert.NotEqual(pfn, after);
        Assert.Equal(1UL, *(ulong*)mm.FrameAddress(pinned));
        mm.PutPage(pinned);
        AssertBalanced(mm);
    }
}
