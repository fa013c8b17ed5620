using Emu.Emulator.HostMemory;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>Small helpers: a HostMm with a recording notifier, and word-sized HVA reads/writes through FaultIn.</summary>
internal static unsafe class HostMmTestKit
{
    public const ulong Page = HostMm.PageSize;

    public static (HostMm Mm, RecordingNotifier Notifier) Create(bool useZeroPage = true, bool poison = true, string? swapDirectory = null)
    {
        var mm = new HostMm(new HostMmOptions { UseZeroPage = useZeroPage, PoisonFreedFrames = poison, SwapDirectory = swapDirectory });
        var notifier = new RecordingNotifier(mm);
        mm.RegisterNotifier(notifier);
        return (mm, notifier);
    }

    /// <summary>A host-side write of one word (gup for write, store, put_page). Returns the frame used.</summary>
    public static ulong Write(HostMm mm, ulong hva, ulong value)
    {
        Assert.True(mm.FaultIn(hva, write: true, out ulong pfn, out bool writable), $"FaultIn(write) 0x{hva:x}");
        Assert.True(writable);
        *(ulong*)(mm.FrameAddress(pfn) + (int)(hva & (Page - 1))) = value;
        mm.PutPage(pfn);
        return pfn;
    }

    public static ulong Read(HostMm mm, ulong hva) => Read(mm, hva, out _, out _);

    public static ulong Read(HostMm mm, ulong hva, out ulong pfn, out bool writable)
    {
        Assert.True(mm.FaultIn(hva, write: false, out pfn, out writable), $"FaultIn(read) 0x{hva:x}");
        ulong v = *(ulong*)(mm.FrameAddress(pfn) + (int)(hva & (Page - 1)));
        mm.PutPage(pfn);
        return v;
    }

    public static void AssertBalanced(HostMm mm)
    {
        var audit = mm.Audit();
        Assert.True(audit.Balanced, audit.ToString());
        Assert.Equal(0, audit.OutstandingGupRefs);
    }
}
