using System.Buffers.Binary;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Boards.Malta;
using Emu.Emulator.Loaders;

namespace Emu.Emulator.Tests.Boards;

/// <summary>What Machine.FromKernel leaves in guest memory before the first instruction (QEMU's -kernel layout).</summary>
public class MachineKernelBootTests
{
    private const uint RamSize = 32u << 20;

    private static Machine Boot(byte[]? initrd)
    {
        // A one-instruction "kernel" at 0x80100000 (physical 0x00100000).
        var image = new ElfImage(false, 0x80100000, [new ElfSegment(0x00100000, 0x80100000, new byte[4], 0x1000)]);
        return Machine.FromKernel(image, new KernelBoot("vmlinuz", "console=ttyS0", initrd), new MachineOptions { RamSize = RamSize });
    }

    private static uint Word(Machine m, uint gpa)
    {
        var b = new byte[4];
        Assert.True(m.Vm.ReadGuest(gpa, b));
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    [Fact]
    public void BootFlash_HasTheResetJump_AndQemusBoardRevision()
    {
        using var m = Boot(null);

        Assert.Equal(BootStub.MaltaRevision, Word(m, MaltaMemoryMap.BootFlashBase + (uint)BootStub.RevisionOffset));
        // j 0xbfc00580
        Assert.Equal(0x08000000u | ((0xbfc00000u + BootStub.StubOffset) >> 2 & 0x03ffffff), Word(m, MaltaMemoryMap.BootFlashBase));
    }

    [Fact]
    public void Initrd_IsLoadedHigh_AndNamedOnTheCommandLine()
    {
        var initrd = new byte[100_000];
        initrd[0] = 0x1f;
        initrd[^1] = 0x8b;
        using var m = Boot(initrd);

        var at = YamonBootInfo.InitrdAddress(RamSize, (uint)initrd.Length);
        var copy = new byte[initrd.Length];
        Assert.True(m.Vm.ReadGuest(at, copy));
        Assert.Equal(initrd, copy);

        // argv[1] (pointer 1 of the table at 0x2000) is the command line with rd_start/rd_size in front.
        var argv1 = Word(m, YamonBootInfo.EnvpPhys + 4) & 0x1fffffff;
        var text = new byte[80];
        Assert.True(m.Vm.ReadGuest(argv1, text));
        var cmdline = System.Text.Encoding.ASCII.GetString(text).TrimEnd('\0');
        Assert.Equal($"rd_start=0xffffffff{0x80000000 + at:x8} rd_size=100000 console=ttyS0", cmdline);
    }

    [Fact]
    public void Initrd_ThatWouldOverlapTheKernel_IsRejected()
    {
        Assert.Throws<ElfLoadException>(() => Boot(new byte[RamSize - (1u << 20)]));
    }
}
