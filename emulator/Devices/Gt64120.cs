using Emu.Emulator.Devices.Pci;

namespace Emu.Emulator.Devices;

/// <summary>
/// Galileo GT-64120 system controller as the Malta board's PCI host bridge (GT-64120 datasheet; QEMU
/// hw/pci-host/gt64xxx.c). Emu models the registers Linux's Malta code reads and writes: the CPU-side decode
/// and remap registers of the PCI I/O and memory windows, PCI_0 Command, the interrupt cause/mask pair and
/// PCI configuration through CONFIG_ADDRESS (0xcf8) / CONFIG_DATA (0xcfc). Everything else is plain storage.
/// </summary>
/// <remarks>
/// The registers start as YAMON (and QEMU's generated boot loader) leaves them: the internal registers at
/// 0x1be00000, the PCI I/O window at 0x18000000 (2 MiB) and the memory windows at 0x10000000/0x18200000.
/// The windows' decode values are stored and read back but do not move anything: the board maps the ISA
/// I/O space at 0x18000000 for good, which is where Linux leaves it (prom_init clears the I/O remap bits that
/// overlap the decode, making PCI I/O address 0 appear at 0x18000000).
/// A configuration cycle to a function nobody answers completes with a master abort: data reads all ones
/// and Interrupt Cause bit MasAbort0 is set, which is how Linux's pci-gt64xxx_pci0.c recognises absent
/// devices (QEMU only returns all ones; both read as "no device").
/// Registers are little-endian; a little-endian guest sees their values directly. Not thread-shared: only
/// the vCPU that makes the access touches it (one vCPU boots Malta).
/// </remarks>
public sealed partial class Gt64120 : IMmioDevice
{
    public enum Reg : uint
    {
        CpuInterfaceConfig = 0x000,
        Pci0IoLowDecode = 0x048,
        Pci0IoHighDecode = 0x050,
        Pci0Mem0LowDecode = 0x058,
        Pci0Mem0HighDecode = 0x060,
        InternalSpaceDecode = 0x068,
        Pci0Mem1LowDecode = 0x080,
        Pci0Mem1HighDecode = 0x088,
        Pci0IoRemap = 0x0f0,
        Pci0Mem0Remap = 0x0f8,
        Pci0Mem1Remap = 0x100,
        Pci0Command = 0xc00,
        InterruptCause = 0xc18,
        /// <summary>Reading runs a PCI interrupt-acknowledge cycle (the PIIX4's PICs answer with the vector).</summary>
        Pci0InterruptAcknowledge = 0xc34,
        CpuInterruptMask = 0xc1c,
        Pci0ConfigAddress = 0xcf8,
        Pci0ConfigData = 0xcfc,
    }

    /// <summary>Interrupt Cause bits 18/19: PCI_0 master abort / target abort (datasheet "Interrupt Cause Register").</summary>
    public const uint CauseMasterAbort0 = 1u << 18;
    public const uint CauseTargetAbort0 = 1u << 19;
    /// <summary>CONFIG_ADDRESS bit 31 (ConfigEn): a CONFIG_DATA access runs a configuration cycle.</summary>
    public const uint ConfigEnable = 0x80000000;

    private const int RegisterCount = 0x1000 / 4;
    private readonly uint[] _regs = new uint[RegisterCount];
    private readonly Dictionary<int, IPciFunction> _functions = [];

    private readonly bool _bigEndian;

    public Gt64120(bool bigEndian)
    {
        _bigEndian = bigEndian;
        Reset();
        // The bridge is itself device 0 on bus 0 (Galileo 0x11ab, GT-64120 0x4620, host bridge class).
        AddFunction(0, 0, new PciConfigSpace(0x11ab, 0x4620, 0x06000010));
    }

    /// <summary>
    /// Registers as after reset and YAMON (or QEMU's boot loader, which runs again after a board reset).
    /// The PCI functions keep their configuration (Emu does not reset them yet).
    /// </summary>
    public void Reset()
    {
        Array.Clear(_regs);
        var bigEndian = _bigEndian;
        // Endianess bit (12) of CPU Interface Configuration follows the CPU, as QEMU's reset sets it.
        Set(Reg.CpuInterfaceConfig, bigEndian ? 0u : 0x1000u);
        // Decode registers hold address bits 35..21; a low-decode write also loads the remap register
        // (datasheet; QEMU gt64120_writel does the same), so the remaps equal the decodes YAMON wrote.
        Set(Reg.InternalSpaceDecode, 0x1be00000 >> 21);
        SetWindow(Reg.Pci0IoLowDecode, Reg.Pci0IoRemap, 0x18000000 >> 21);
        Set(Reg.Pci0IoHighDecode, 0x08000000 >> 21);
        SetWindow(Reg.Pci0Mem0LowDecode, Reg.Pci0Mem0Remap, 0x10000000 >> 21);
        Set(Reg.Pci0Mem0HighDecode, 0x07e00000 >> 21);
        SetWindow(Reg.Pci0Mem1LowDecode, Reg.Pci0Mem1Remap, 0x18200000 >> 21);
        Set(Reg.Pci0Mem1HighDecode, 0x0bc00000 >> 21);
    }

    public string Name => "gt64120";

    /// <summary>Who answers a PCI interrupt-acknowledge cycle (the southbridge's PICs); null reads 0.</summary>
    public Func<byte>? InterruptAcknowledge { get; set; }

    public uint Size => 0x1000;

    /// <summary>Puts a PCI function on bus 0 at <paramref name="device"/>.<paramref name="function"/>.</summary>
    public void AddFunction(int device, int function, IPciFunction pci) => _functions[(device << 3) | function] = pci;

    public uint this[Reg register] => _regs[(uint)register / 4];

    private void Set(Reg register, uint value) => _regs[(uint)register / 4] = value;

    private void SetWindow(Reg lowDecode, Reg remap, uint value)
    {
        Set(lowDecode, value & 0x7fff);
        Set(remap, value & 0x7ff);
    }

    public uint Read(uint offset, int size)
    {
        var aligned = offset & ~3u;
        var shift = (int)(offset & 3) * 8;
        var value = (Reg)aligned switch
        {
            Reg.Pci0ConfigData => ConfigRead(),
            Reg.Pci0InterruptAcknowledge => InterruptAcknowledge?.Invoke() ?? 0u,
            _ => _regs[aligned / 4],
        };
        return size == 4 ? value : (value >> shift) & (size == 1 ? 0xffu : 0xffffu);
    }

    public void Write(uint offset, int size, uint value)
    {
        var aligned = offset & ~3u;
        var shift = (int)(offset & 3) * 8;
        var mask = size == 4 ? 0xffffffffu : (size == 1 ? 0xffu : 0xffffu) << shift;
        value = size == 4 ? value : value << shift;
        switch ((Reg)aligned)
        {
            case Reg.Pci0ConfigData:
                ConfigWrite(value, mask);
                return;
            case Reg.InterruptCause:
                // Write zero to clear, one to leave unchanged (datasheet: cause bits are cleared by software).
                _regs[aligned / 4] &= value | ~mask;
                return;
            case Reg.Pci0IoLowDecode:
            case Reg.Pci0Mem0LowDecode:
            case Reg.Pci0Mem1LowDecode:
                var merged = (_regs[aligned / 4] & ~mask) | (value & mask);
                var remap = (Reg)aligned switch
                {
                    Reg.Pci0IoLowDecode => Reg.Pci0IoRemap,
                    Reg.Pci0Mem0LowDecode => Reg.Pci0Mem0Remap,
                    _ => Reg.Pci0Mem1Remap,
                };
                SetWindow((Reg)aligned, remap, merged);
                return;
            default:
                _regs[aligned / 4] = (_regs[aligned / 4] & ~mask) | (value & mask);
                return;
        }
    }

    /// <summary>The function CONFIG_ADDRESS selects, or null for a master abort (disabled, other bus, nobody home).</summary>
    private IPciFunction? Selected(out int register)
    {
        var address = this[Reg.Pci0ConfigAddress];
        register = (int)(address & 0xfc);
        if ((address & ConfigEnable) == 0 || ((address >> 16) & 0xff) != 0)
        {
            return null;
        }
        return _functions.GetValueOrDefault((int)((address >> 8) & 0xff));
    }

    private uint ConfigRead()
    {
        if (Selected(out var register) is { } f)
        {
            return f.ReadConfig(register);
        }
        _regs[(uint)Reg.InterruptCause / 4] |= CauseMasterAbort0;
        return 0xffffffff;
    }

    private void ConfigWrite(uint value, uint mask)
    {
        if (Selected(out var register) is { } f)
        {
            f.WriteConfig(register, value, mask);
            return;
        }
        _regs[(uint)Reg.InterruptCause / 4] |= CauseMasterAbort0;
    }
}
