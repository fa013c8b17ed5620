using System.Buffers.Binary;

namespace Emu.Emulator.Boards.Boot;

/// <summary>
/// The few instructions Emu places at the reset vector when it boots an ELF directly (QEMU does the
/// same with its own generated boot loader): load the YAMON-style arguments and jump to the entry.
/// The CPU therefore starts like real hardware, in kseg1 with Status.ERL=1 and BEV=1.
/// Layout of the flash image, as QEMU's Malta board writes it (hw/mips/malta.c write_bootloader): a jump at
/// the reset vector over the board revision word at offset 0x10 to the stub at <see cref="StubOffset"/>.
/// </summary>
public static class BootStub
{
    private const int A0 = 4, A1 = 5, A2 = 6, A3 = 7, T9 = 25, Sp = 29;

    /// <summary>Where the argument-loading code sits in the flash (QEMU: bootloader at 0x1fc00580).</summary>
    public const int StubOffset = 0x580;

    /// <summary>
    /// Offset of the Malta REVISION register in the boot flash (Malta User's Manual "REVISION"; Linux reads it
    /// at 0x1fc00010, arch/mips/include/asm/mips-boards/generic.h MIPS_REVISION_REG).
    /// </summary>
    public const int RevisionOffset = 0x10;

    /// <summary>
    /// The REVISION value QEMU reports: 0x420 = product Malta, core card CoreLV (CORID 1, whose system
    /// controller Linux takes to be a GT-64120), FPGA revision 0. Linux's prom_init spins forever on an
    /// unknown core card or system controller.
    /// </summary>
    public const uint MaltaRevision = 0x00000420;

    /// <summary>The stub for a YAMON-protocol kernel boot (<see cref="YamonBootInfo"/>).</summary>
    public static byte[] Build(uint entry, YamonBootInfo info, bool bigEndian) =>
        Build(entry, info.MemSize, bigEndian, info.Argc, info.Argv, info.Envp, info.StackPointer);

    /// <summary>
    /// Encodes the flash image (reset jump, revision word, stub); the stub sets a0=argc, a1=argv, a2=envp, a3=memsize (YAMON convention), sp when given, then jr entry.
    /// </summary>
    public static byte[] Build(uint entry, uint memSize, bool bigEndian, uint argc = 0, uint argv = 0, uint envp = 0, uint stackPointer = 0)
    {
        uint[] words =
        [
            Lui(Sp, stackPointer >> 16), Ori(Sp, Sp, stackPointer & 0xffff),
            Lui(A0, argc >> 16), Ori(A0, A0, argc & 0xffff),
            Lui(A1, argv >> 16), Ori(A1, A1, argv & 0xffff),
            Lui(A2, envp >> 16), Ori(A2, A2, envp & 0xffff),
            Lui(A3, memSize >> 16), Ori(A3, A3, memSize & 0xffff),
            Lui(T9, entry >> 16), Ori(T9, T9, entry & 0xffff),
            Jr(T9),
            0, // delay slot: nop
        ];
        var bytes = new byte[StubOffset + words.Length * 4];
        // j 0xbfc00580 (same 256 MiB region as the reset vector), nop.
        Put(bytes, 0, (0x02u << 26) | ((0xbfc00000u + StubOffset) >> 2 & 0x03ffffff), bigEndian);
        Put(bytes, RevisionOffset, MaltaRevision, bigEndian);
        for (var i = 0; i < words.Length; i++)
        {
            Put(bytes, StubOffset + i * 4, words[i], bigEndian);
        }
        return bytes;
    }

    private static void Put(byte[] bytes, int offset, uint word, bool bigEndian)
    {
        if (bigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset), word);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), word);
        }
    }

    private static uint Lui(int rt, uint imm) => (0x0fu << 26) | ((uint)rt << 16) | (imm & 0xffff);

    private static uint Ori(int rt, int rs, uint imm) => (0x0du << 26) | ((uint)rs << 21) | ((uint)rt << 16) | (imm & 0xffff);

    private static uint Jr(int rs) => ((uint)rs << 21) | 0x08;
}
