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

/// <summary>
/// The registers an image is entered with, as QEMU 7.2's Malta bootloader leaves them (read with gdb at the entry
/// point of the same ELF on qemu-system-mips[el] -M malta -m 32): Status = BEV only (QEMU's main_cpu_reset clears
/// ERL when it boots an image, so kuseg is mapped from the first instruction), a0 = 2, a1 = argv, a2 = envp,
/// a3 = memsize, sp = envp - 64, t9 = entry, k0/k1 = the last GT-64120 store (value in the GT's little-endian
/// order, address), ra = after the bootloader's jalr. The same for a bare program and a kernel, both byte orders.
/// </summary>
public class MachineEntryStateTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void ImageIsEntered_WithQemusRegisters_AndErlClear(bool bigEndian, bool asKernel)
    {
        const uint entry = 0x80100000;
        // A self-loop at the entry point: beq $0,$0,-1; nop.
        var code = new byte[8];
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(code, 0x1000ffff);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(code, 0x1000ffff);
        }
        var image = new ElfImage(bigEndian, entry, [new ElfSegment(0x00100000, entry, code, 0x1000)]) { Name = "prog.elf" };
        var options = new MachineOptions { RamSize = 32u << 20 };
        using var m = asKernel ? Machine.FromKernel(image, new KernelBoot("prog.elf", "", null), options) : Machine.FromElf(image, options);
        var cpu = m.Cpu;
        Assert.Equal(0x00400000u, cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Status)); // already at the reset vector
        while (cpu.Pc != entry && cpu.InstructionsRetired < 200)
        {
            cpu.Run(1);
        }
        Assert.Equal(entry, cpu.Pc);
        Assert.Equal(0x00400000u, cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Status));
        Assert.Equal(2u, cpu.GetGpr(4));
        Assert.Equal(0x80002000u, cpu.GetGpr(5));
        Assert.Equal(0x80002008u, cpu.GetGpr(6));
        Assert.Equal(32u << 20, cpu.GetGpr(7));
        Assert.Equal(entry, cpu.GetGpr(25));
        Assert.Equal(bigEndian ? 0x5e000000u : 0x5eu, cpu.GetGpr(26));
        Assert.Equal(0xbbe00088u, cpu.GetGpr(27));
        Assert.Equal(0x80001fc0u, cpu.GetGpr(29));
        Assert.Equal(0xbfc00644u, cpu.GetGpr(31));
    }
}
