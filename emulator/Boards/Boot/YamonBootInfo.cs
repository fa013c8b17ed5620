using System.Buffers.Binary;

namespace Emu.Emulator.Boards.Boot;

/// <summary>
/// The YAMON boot protocol as QEMU's Malta <c>-kernel</c> loader implements it (hw/mips/malta.c,
/// load_kernel/prom_set/write_bootloader): a table at physical <see cref="EnvpPhys"/> of
/// <see cref="Entries"/> 32-bit kseg0 pointers followed by <see cref="Entries"/> 256-byte string slots.
/// Pointer 0 is argv[0] (the kernel file name), pointer 1 argv[1] (the command line, prefixed with
/// <c>rd_start=0x… rd_size=…</c> when there is an initrd), pointer 2 onwards the environment as
/// name/value pairs (<c>memsize</c>, <c>ememsize</c>, <c>modetty0</c>), then a null pointer.
/// The kernel is entered with a0 = argc (2), a1 = argv, a2 = envp (argv + 8), a3 = memsize and
/// sp = table - 64 (Linux: arch/mips/fw/lib/cmdline.c fw_init_cmdline, mti-malta/malta-memory.c fw_getenvl).
/// </summary>
public sealed class YamonBootInfo
{
    public const uint EnvpPhys = 0x2000;
    public const int Entries = 16;
    public const int EntrySize = 256;
    /// <summary>Bytes of the pointer table plus the string slots.</summary>
    public const int TableSize = Entries * (4 + EntrySize);
    /// <summary>QEMU leaves 128 KiB between the initrd's end and the end of low RAM for the kernel's bootmem.</summary>
    public const uint InitrdGap = 128u << 10;
    private const uint Kseg0 = 0x80000000;

    private YamonBootInfo(byte[] table, uint argc, uint argv, uint envp, uint memSize, uint stackPointer, string commandLine)
    {
        Table = table;
        Argc = argc;
        Argv = argv;
        Envp = envp;
        MemSize = memSize;
        StackPointer = stackPointer;
        CommandLine = commandLine;
    }

    /// <summary>The bytes to place at physical <see cref="EnvpPhys"/> (guest byte order).</summary>
    public byte[] Table { get; }
    public uint Argc { get; }
    public uint Argv { get; }
    public uint Envp { get; }
    public uint MemSize { get; }
    public uint StackPointer { get; }
    /// <summary>argv[1] as the kernel sees it.</summary>
    public string CommandLine { get; }

    /// <summary>QEMU aligns the initrd to 64 KiB (the largest MIPS kernel page size).</summary>
    public const uint InitrdAlign = 64u << 10;

    /// <summary>
    /// Where QEMU 7.2 puts an initrd of <paramref name="initrdSize"/> bytes: ROUND_UP(low RAM - (size + 128 KiB),
    /// 64 KiB). Rounding up can eat into the gap (QEMU boots this kernel with a 1133246-byte initrd at
    /// 0x0fed0000, 109 KiB below the top); the result is what Linux logs as "Initial ramdisk at:".
    /// </summary>
    public static uint InitrdAddress(uint lowRamSize, uint initrdSize) =>
        (lowRamSize - initrdSize - InitrdGap + InitrdAlign - 1) & ~(InitrdAlign - 1);

    /// <param name="kernelName">argv[0], the kernel's file name as given on the command line.</param>
    /// <param name="commandLine">The user's kernel command line (<c>-append</c>).</param>
    /// <param name="initrd">Physical address and size of the loaded initrd, if any.</param>
    /// <param name="ramSize">Guest RAM; <c>memsize</c> is the part below 256 MiB, <c>ememsize</c> all of it.</param>
    public static YamonBootInfo Build(string kernelName, string commandLine, (uint Address, uint Size)? initrd, uint ramSize, bool bigEndian)
    {
        var lowRam = Math.Min(ramSize, 256u << 20);
        // QEMU formats rd_start with the 64-bit sign-extended kseg0 address ("0xffffffff8fed0000"); Linux
        // parses it with memparse into a (32-bit) unsigned long, so both spellings give the same pointer.
        var cmdline = initrd is { } rd
            ? $"rd_start=0x{0xffffffff00000000UL | (Kseg0 + rd.Address):x} rd_size={rd.Size} {commandLine}"
            : commandLine;
        string?[] strings =
        [
            kernelName,
            cmdline,
            "memsize", lowRam.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "ememsize", ramSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "modetty0", "38400n8r",
            null,
        ];
        var table = new byte[TableSize];
        var envpVirt = Kseg0 + EnvpPhys;
        for (var i = 0; i < strings.Length; i++)
        {
            var slot = 4 * Entries + i * EntrySize;
            uint pointer = 0;
            if (strings[i] is { } s)
            {
                // vsnprintf into a 256-byte slot: truncated, always NUL-terminated.
                WriteAscii(s, table.AsSpan(slot, EntrySize - 1));
                pointer = envpVirt + (uint)slot;
            }
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(table.AsSpan(4 * i), pointer);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(4 * i), pointer);
            }
        }
        return new YamonBootInfo(table, argc: 2, argv: envpVirt, envp: envpVirt + 8, memSize: lowRam,
            stackPointer: envpVirt - 64, cmdline);
    }

    /// <summary>
    /// <paramref name="text"/> as Encoding.ASCII writes it (a '?' for each character or surrogate pair outside ASCII),
    /// cut to <paramref name="slot"/>. By hand: the encoder's first use cost 1.7 ms of CPU in a test program, on every
    /// boot, for a few short strings.
    /// </summary>
    internal static void WriteAscii(string text, Span<byte> slot)
    {
        var n = 0;
        for (var i = 0; i < text.Length && n < slot.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            slot[n++] = c < 0x80 ? (byte)c : (byte)'?';
        }
    }
}
