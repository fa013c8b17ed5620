using System.Buffers.Binary;

namespace Emu.Emulator.Boards.Boot;

/// <summary>
/// The few instructions Emu places at the reset vector when it boots an ELF (QEMU does the same with its own
/// generated boot loader): load the YAMON-style arguments and call the entry. The CPU starts in kseg1 with BEV=1;
/// ERL is cleared at reset for an image boot, as QEMU's Malta does (Machine.ClearErlForImageBoot).
/// Layout of the flash image, as QEMU's Malta board writes it (hw/mips/malta.c write_bootloader): a jump at
/// the reset vector over the board revision word at offset 0x10 to the stub at <see cref="StubOffset"/>.
/// </summary>
public static class BootStub
{
    private const int A0 = 4, A1 = 5, A2 = 6, A3 = 7, T9 = 25, K0 = 26, K1 = 27, Sp = 29, Ra = 31;

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
    /// Encodes the flash image (reset jump, revision word, stub). The stub does what QEMU 7.2's Malta bootloader does,
    /// instruction for instruction, so the image is entered with the registers QEMU's leaves: it repeats YAMON's
    /// GT-64120 set-up (the PCI I/O and memory windows; each a store through
    /// k0 = value, k1 = address, the value in the GT's little-endian order), then loads sp, a0 = argc, a1 = argv,
    /// a2 = envp, a3 = memsize and calls the entry with <c>jalr t9</c> (ra = 0xbfc00644, as on QEMU).
    /// </summary>
    public static byte[] Build(uint entry, uint memSize, bool bigEndian, uint argc = 0, uint argv = 0, uint envp = 0, uint stackPointer = 0)
    {
        // QEMU first moves the GT-64120's registers from their power-on base with an ISD store at 0xb4000068. Emu's GT
        // model answers at 0x1be00000 from reset (Devices/Gt64120.cs), so that store is five nops here: the layout,
        // and so the return address the image finds in ra, stay QEMU's.
        // An array, not a List<uint> (an instantiation no ReadyToRun image holds, JIT-compiled at every start-up).
        var words = new uint[5 + (5 * s_gtSetup.Length) + 14];
        var n = 5;
        // (address, value): the values equal the GT-64120 model's reset state, so the stores change nothing there;
        // they are made for the register state they leave behind (k0, k1).
        foreach (var (address, value) in s_gtSetup)
        {
            var gt = bigEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
            foreach (var w in (uint[])[Lui(K0, gt >> 16), Ori(K0, K0, gt & 0xffff), Lui(K1, address >> 16), Ori(K1, K1, address & 0xffff), Sw(K0, K1)])
            {
                words[n++] = w;
            }
        }
        foreach (var w in (uint[])
        [
            Lui(Sp, stackPointer >> 16), Ori(Sp, Sp, stackPointer & 0xffff),
            Lui(A0, argc >> 16), Ori(A0, A0, argc & 0xffff),
            Lui(A1, argv >> 16), Ori(A1, A1, argv & 0xffff),
            Lui(A2, envp >> 16), Ori(A2, A2, envp & 0xffff),
            Lui(A3, memSize >> 16), Ori(A3, A3, memSize & 0xffff),
            Lui(T9, entry >> 16), Ori(T9, T9, entry & 0xffff),
            Jalr(Ra, T9),
            0, // delay slot: nop
        ])
        {
            words[n++] = w;
        }
        System.Diagnostics.Debug.Assert(n == words.Length);
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

    /// <summary>
    /// YAMON's GT-64120 set-up as QEMU's bootloader repeats it after the ISD move (GT-64120 datasheet register
    /// offsets): PCI_0 I/O low/high decode (0x048/0x050) and PCI_0 memory 0 and 1 low/high decode (0x058/0x060,
    /// 0x080/0x088), in units of 2 MiB.
    /// </summary>
    private static readonly (uint Address, uint Value)[] s_gtSetup =
    [
        (0xbbe00048, 0x18000000 >> 21),
        (0xbbe00050, 0x08000000 >> 21),
        (0xbbe00058, 0x10000000 >> 21),
        (0xbbe00060, 0x07e00000 >> 21),
        (0xbbe00080, 0x18200000 >> 21),
        (0xbbe00088, 0x0bc00000 >> 21),
    ];

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

    private static uint Jalr(int rd, int rs) => ((uint)rs << 21) | ((uint)rd << 11) | 0x09;

    private static uint Sw(int rt, int rs) => (0x2bu << 26) | ((uint)rs << 21) | ((uint)rt << 16);
}
