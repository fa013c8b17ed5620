using System.Buffers.Binary;

namespace Emu.Emulator.Boards.Boot;

/// <summary>
/// The few instructions Emu places at the reset vector when it boots an ELF directly (QEMU does the
/// same with its own generated boot loader): load the YAMON-style arguments and jump to the entry.
/// The CPU therefore starts like real hardware, in kseg1 with Status.ERL=1 and BEV=1.
/// </summary>
public static class BootStub
{
    private const int A0 = 4, A1 = 5, A2 = 6, A3 = 7, T9 = 25, Sp = 29;

    /// <summary>The stub for a YAMON-protocol kernel boot (<see cref="YamonBootInfo"/>).</summary>
    public static byte[] Build(uint entry, YamonBootInfo info, bool bigEndian) =>
        Build(entry, info.MemSize, bigEndian, info.Argc, info.Argv, info.Envp, info.StackPointer);

    /// <summary>
    /// Encodes the stub: a0=argc, a1=argv, a2=envp, a3=memsize (YAMON convention), sp when given, then jr entry.
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
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 4), words[i]);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
            }
        }
        return bytes;
    }

    private static uint Lui(int rt, uint imm) => (0x0fu << 26) | ((uint)rt << 16) | (imm & 0xffff);

    private static uint Ori(int rt, int rs, uint imm) => (0x0du << 26) | ((uint)rs << 21) | ((uint)rt << 16) | (imm & 0xffff);

    private static uint Jr(int rs) => ((uint)rs << 21) | 0x08;
}
