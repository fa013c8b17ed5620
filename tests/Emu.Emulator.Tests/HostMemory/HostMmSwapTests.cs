using Emu.Emulator.HostMemory;
using static Emu.Emulator.Tests.HostMemory.HostMmTestKit;

namespace Emu.Emulator.Tests.HostMemory;

public unsafe class HostMmSwapTests
{
    [Fact]
    public void SwapOut_ThenFaultIn_RoundTripsThroughTheRealFile()
    {
        var (mm, n) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(3 * Page, "ram");
        var expected = new byte[3][];
        var rng = new Random(1);
        for (int i = 0; i < 3; i++)
        {
            ulong pfn = Write(mm, hva + (ulong)i * Page, 0);
            expected[i] = new byte[Page];
            rng.NextBytes(expected[i]);
            expected[i].CopyTo(mm.FrameSpan(pfn));
        }
        Read(mm, hva + Page, out ulong oldPfn, out _);
        n.Clear();

        Assert.Equal(3, mm.SwapOut(hva, 3 * Page));
        Assert.Equal(["start", "end"], n.Calls.Select(c => c.Kind));
        Assert.True(n.Calls[0].OldPfnAllocated, "frames are freed only after range_start");
        Assert.False(mm.IsFrameAllocated(oldPfn));
        Assert.Equal(0, mm.FramesInUse);
        Assert.True(mm.TryGetPte(hva + Page, out var pte) && pte.Swapped && !pte.Present);
        Assert.Equal(3, mm.SwapSlotsInUse);

        // The file really holds the pages.
        Assert.Equal(3 * (long)Page, mm.SwapFileLength);
        var slot = new byte[Page];
        Assert.Equal((int)Page, RandomAccess.Read(mm.SwapFileHandle, slot, pte.SwapSlot * (long)Page));
        Assert.Equal(expected[1], slot);

        for (int i = 0; i < 3; i++)
        {
            Assert.True(mm.FaultIn(hva + (ulong)i * Page, false, out ulong pfn, out bool writable));
            Assert.True(writable, "a swapped-in exclusive page is writable");
            Assert.Equal(expected[i], mm.FrameSpan(pfn).ToArray());
            mm.PutPage(pfn);
        }
        Assert.Equal(3, mm.Stats.FaultsSwapIn);
        Assert.Equal(0, mm.SwapSlotsInUse);
        AssertBalanced(mm);
    }

    [Fact]
    public void SwapOut_SkipsPinnedSharedKsmAndZeroPages()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(6 * Page, "ram");
        Write(mm, hva, 1);                       // pinned below
        Write(mm, hva + Page, 2);                // COW-shared below
        Write(mm, hva + 2 * Page, 3);            // KSM pair
        Write(mm, hva + 3 * Page, 3);
        Read(mm, hva + 4 * Page);                // zero page
        Write(mm, hva + 5 * Page, 6);            // the only one that can go
        Assert.True(mm.FaultIn(hva, false, out ulong pinned, out _));
        using var snap = mm.ShareCow(hva + Page, Page);
        Assert.Equal(1, mm.KsmMerge(hva + 2 * Page, 2 * Page));

        Assert.Equal(1, mm.SwapOut(hva, 6 * Page));
        Assert.True(mm.TryGetPte(hva + 5 * Page, out var pte) && pte.Swapped);
        mm.PutPage(pinned);
        for (int i = 0; i < 6; i++)
        {
            Assert.Equal(i == 4 ? 0UL : i == 3 ? 3UL : (ulong)(i + 1), Read(mm, hva + (ulong)i * Page));
        }
    }

    [Fact]
    public void SwapOut_ReusesFreedSlots()
    {
        var (mm, _) = Create();
        using var owner = mm;
        ulong hva = mm.MapAnonymous(Page, "ram");
        for (ulong v = 1; v <= 5; v++)
        {
            Write(mm, hva, v);
            Assert.Equal(1, mm.SwapOut(hva, Page));
            Assert.Equal(v, Read(mm, hva));
        }
        Assert.Equal(5 * (long)Page, mm.SwapBytesWritten);
        Assert.Equal((long)Page, mm.SwapFileLength);
    }
}
