using System.Buffers.Binary;
using System.Text;
using CsCheck;
using Emu.Emulator.Boards.Boot;

namespace Emu.Emulator.Tests.Boards;

public class YamonBootInfoTests
{
    private const uint EnvpVirt = 0x80002000;

    private static uint Pointer(YamonBootInfo info, int index, bool bigEndian) => bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(info.Table.AsSpan(4 * index))
        : BinaryPrimitives.ReadUInt32LittleEndian(info.Table.AsSpan(4 * index));

    /// <summary>The NUL-terminated string a table pointer (kseg0 virtual) points at.</summary>
    private static string? StringAt(YamonBootInfo info, int index, bool bigEndian)
    {
        var p = Pointer(info, index, bigEndian);
        if (p == 0)
        {
            return null;
        }
        var offset = (int)(p - EnvpVirt);
        var end = Array.IndexOf(info.Table, (byte)0, offset);
        return Encoding.ASCII.GetString(info.Table, offset, end - offset);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Table_HoldsArgvThenEnvironmentPairs_LikeQemuPromSet(bool bigEndian)
    {
        var info = YamonBootInfo.Build("vmlinuz", "console=ttyS0", null, 128u << 20, bigEndian);

        Assert.Equal(YamonBootInfo.TableSize, info.Table.Length);
        // QEMU prom_set: slot i lives at 16*4 + i*256 after the pointer table.
        Assert.Equal(EnvpVirt + 64, Pointer(info, 0, bigEndian));
        Assert.Equal(EnvpVirt + 64 + 256, Pointer(info, 1, bigEndian));
        string?[] expected = ["vmlinuz", "console=ttyS0", "memsize", "134217728", "ememsize", "134217728", "modetty0", "38400n8r", null];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], StringAt(info, i, bigEndian));
        }
    }

    [Fact]
    public void Registers_FollowQemuWriteBootloader()
    {
        var info = YamonBootInfo.Build("k", "", null, 256u << 20, bigEndian: false);

        Assert.Equal(2u, info.Argc);
        Assert.Equal(EnvpVirt, info.Argv);
        Assert.Equal(EnvpVirt + 8, info.Envp);
        Assert.Equal(256u << 20, info.MemSize);
        Assert.Equal(EnvpVirt - 64, info.StackPointer);
    }

    [Fact]
    public void Initrd_IsPrependedToCommandLine_AsSignExtendedKseg0Address()
    {
        var info = YamonBootInfo.Build("k", "console=ttyS0", (0x0fed0000, 1133246), 256u << 20, bigEndian: false);

        Assert.Equal("rd_start=0xffffffff8fed0000 rd_size=1133246 console=ttyS0", info.CommandLine);
        Assert.Equal(info.CommandLine, StringAt(info, 1, bigEndian: false));
    }

    [Fact]
    public void InitrdAddress_RoundsUpTo64KiB_BelowTopOfLowRam_AsQemu()
    {
        // The same placement QEMU 7.2 reports for this initrd size ("Initial ramdisk at: 0x8fed0000").
        Assert.Equal(0x0fed0000u, YamonBootInfo.InitrdAddress(256u << 20, 1133246));
        var at = YamonBootInfo.InitrdAddress(64u << 20, 5000);
        Assert.Equal(0u, at & 0xffff);
        Assert.True(at + 5000 <= 64u << 20);
    }

    [Fact]
    public void LongCommandLine_IsTruncatedToTheSlot_AndTerminated()
    {
        var info = YamonBootInfo.Build("k", new string('x', 400), null, 16u << 20, bigEndian: false);

        Assert.Equal(YamonBootInfo.EntrySize - 1, StringAt(info, 1, bigEndian: false)!.Length);
    }

    [Fact]
    public void MemSize_IsLowRamOnly_EmemsizeAll()
    {
        var info = YamonBootInfo.Build("k", "", null, 256u << 20, bigEndian: false);

        Assert.Equal("268435456", StringAt(info, 3, bigEndian: false));
        Assert.Equal("268435456", StringAt(info, 5, bigEndian: false));
    }

    [Fact]
    public void Strings_AreWrittenAsEncodingAsciiWritesThem_CutToTheSlot()
    {
        // Any text (lone and paired surrogates included), any slot length: the same bytes as Encoding.ASCII.
        Gen.Select(Gen.String[Gen.Char, 0, 300], Gen.Int[0, 255]).Sample((text, slotLength) =>
        {
            var expected = Encoding.ASCII.GetBytes(text);
            var slot = new byte[slotLength];
            YamonBootInfo.WriteAscii(text, slot);
            var n = Math.Min(expected.Length, slotLength);
            Assert.Equal(expected.AsSpan(0, n).ToArray(), slot.AsSpan(0, n).ToArray());
            Assert.All(slot.AsSpan(n).ToArray(), b => Assert.Equal(0, b));
        });
    }
}
