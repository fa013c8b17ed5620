using Emu.Emulator.HostMemory;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>
/// The swap file never has a name in the file tree while it holds guest pages, so nothing is left on disk
/// whatever way emu ends: checked with a private directory (it stays empty) and with /proc/self/fd (the
/// descriptor's link says "(deleted)" or names no file), for O_TMPFILE and for the create-then-unlink fallback.
/// </summary>
public sealed unsafe class SwapFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("emu-swapfile-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HoldsPages_WithoutANameInTheDirectory(bool allowUnnamed)
    {
        using var swap = new SwapFile(_dir, allowUnnamed);
        var frame = new byte[FrameAllocator.FrameSize];
        new Random(7).NextBytes(frame);
        int slot;
        fixed (byte* p = frame)
        {
            slot = swap.Write(p);
        }
        Assert.Empty(Directory.GetFileSystemEntries(_dir));
        var back = new byte[FrameAllocator.FrameSize];
        fixed (byte* p = back)
        {
            swap.Read(slot, p);
        }
        Assert.Equal(frame, back);
        Assert.Equal(FrameAllocator.FrameSize, swap.Length);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void ProcFdLink_NamesNoVisibleFile_AndTheModeIsOwnerOnly(bool allowUnnamed)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new SkipException("/proc/self/fd is Linux's");
        }
        using var swap = new SwapFile(_dir, allowUnnamed);
        var link = $"/proc/self/fd/{swap.Handle.DangerousGetHandle()}";
        var target = new FileInfo(link).LinkTarget ?? "";
        Assert.StartsWith(_dir, target);
        Assert.EndsWith("(deleted)", target);
        Assert.False(File.Exists(target));
        // The mode the file had while it was reachable (through /proc, it still is to its owner).
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(swap.Handle));
    }
}
