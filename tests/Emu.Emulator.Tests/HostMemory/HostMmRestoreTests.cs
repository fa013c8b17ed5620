using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>Machine-snapshot support: a complete COW share (swapped pages included) and mapping a share back.</summary>
public unsafe class HostMmRestoreTests
{
    [Fact]
    public void RestoreCow_BringsBackEveryPage_WrittenSwappedOrTouchedAfterTheShare()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        Write(mm, hva, 11);                 // page 0: written before, rewritten after
        Write(mm, hva + Page, 22);          // page 1: swapped out before the share
        Assert.Equal(1, mm.SwapOut(hva + Page, Page));
        // page 2: untouched before, written after; page 3: untouched throughout
        using var snap = mm.ShareCowComplete(hva, 4 * Page);
        Write(mm, hva, 99);
        Write(mm, hva + Page, 98);
        Write(mm, hva + (2 * Page), 97);
        mm.SwapOut(hva, Page);

        n.Clear();
        var changed = mm.RestoreCow(snap);

        Assert.Equal(3, changed);
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        Assert.Equal(11UL, Read(mm, hva));
        Assert.Equal(22UL, Read(mm, hva + Page));
        Assert.Equal(0UL, Read(mm, hva + (2 * Page)));
        Assert.Equal(0UL, Read(mm, hva + (3 * Page)));
        Assert.Empty(n.Violations);
    }

    [Fact]
    public void RestoredPages_AreCopyOnWrite_SoTheSnapshotCanBeLoadedAgain()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(2 * Page, "ram");
        Write(mm, hva, 5);
        using var snap = mm.ShareCowComplete(hva, 2 * Page);
        for (var round = 0; round < 3; round++)
        {
            Write(mm, hva, 100UL + (ulong)round);
            mm.RestoreCow(snap);
            Assert.Equal(5UL, Read(mm, hva, out _, out var writable));
            Assert.False(writable, "the restored frame is still the snapshot's: shared, read-only");
        }
        Assert.Equal(0, mm.RestoreCow(snap));
        snap.Dispose();
        Assert.Equal(5UL, Read(mm, hva));
        AssertBalanced(mm);
    }

    [Fact]
    public void CountSnapshotOnlyPages_CountsFramesTheGuestNoLongerMaps_OncePerRun()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(4 * Page, "ram");
        Write(mm, hva, 1);
        Write(mm, hva + Page, 2);
        using var a = mm.ShareCowComplete(hva, 4 * Page);
        Assert.Equal(0, mm.CountSnapshotOnlyPages([a]));
        using var b = mm.ShareCowComplete(hva, 4 * Page);
        Write(mm, hva, 3); // a and b share the old frame of page 0: one frame
        Assert.Equal(1, mm.CountSnapshotOnlyPages([a, b]));
        Write(mm, hva + Page, 4);
        Assert.Equal(2, mm.CountSnapshotOnlyPages([a, b]));
    }
}
