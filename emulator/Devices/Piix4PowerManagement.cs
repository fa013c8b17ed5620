using Emu.Emulator.Devices.Pci;

namespace Emu.Emulator.Devices;

/// <summary>
/// PIIX4 function 3, power management (PIIX4 datasheet §3.7 "Power Management"; QEMU hw/acpi/piix4.c):
/// the PCI function (8086:7113) whose PMBA register (0x40) places a 64-byte I/O block, enabled by PMREGMISC
/// (0x80) bit 0, holding PMSTS (0x00), PMEN (0x02), PMCNTRL (0x04) and the 24-bit power-management timer
/// PMTMR (0x08, 3.579545 MHz). Writing PMCNTRL with SUS_EN and suspend type 0 (soft off) turns the machine
/// off, as QEMU does: Linux's piix4-poweroff driver follows that write with a PCI special cycle, which the
/// GT-64120 path never delivers (pci-gt64xxx_pci0.c refuses bus 0 device 31), so the write itself must act.
/// </summary>
/// <remarks>Not thread-shared: only vCPU 0 accesses it.</remarks>
public sealed partial class Piix4PowerManagement : IMmioDevice, IPciFunction
{
    public const int PmbaRegister = 0x40;
    public const int PmRegMiscRegister = 0x80;
    public const uint PmStatus = 0x00;
    public const uint PmEnable = 0x02;
    public const uint PmControl = 0x04;
    public const uint PmTimer = 0x08;
    public const ushort ControlSuspendEnable = 1 << 13;
    public const long PmTimerHz = 3_579_545;

    private readonly PciConfigSpace _config = new(0x8086, 0x7113, 0x06800003);
    private readonly IGuestClock _clock;
    private readonly long _cyclesPerSecond;
    private readonly Action _powerOff;
    private ushort _status;
    private ushort _enable;
    private ushort _control;

    public Piix4PowerManagement(IGuestClock clock, long cyclesPerSecond, Action powerOff)
    {
        _clock = clock;
        _cyclesPerSecond = cyclesPerSecond;
        _powerOff = powerOff;
        _config.SetInitial(PmbaRegister, 1); // bit 0: I/O space indicator, read-only 1
    }

    public string Name => "piix4-pm";

    /// <summary>Power-on: the I/O block undecoded (PMBA 0, PMREGMISC off), status and control clear.</summary>
    public void Reset()
    {
        _config.SetInitial(PmbaRegister, 1);
        _config.SetInitial(PmRegMiscRegister, 0);
        _status = _enable = _control = 0;
    }

    public uint Size => 0x40;

    /// <summary>Where the I/O block is decoded, or null while PMREGMISC.PMIOSE is clear.</summary>
    public uint? IoBase => (_config.ReadConfig(PmRegMiscRegister) & 1) != 0 ? _config.ReadConfig(PmbaRegister) & 0xffc0 : null;

    public uint ReadConfig(int register) => _config.ReadConfig(register);

    public void WriteConfig(int register, uint value, uint mask)
    {
        _config.WriteConfig(register, value, mask);
        if ((register & ~3) == PmbaRegister)
        {
            _config.SetInitial(PmbaRegister, (_config.ReadConfig(PmbaRegister) & 0xffc0) | 1);
        }
    }

    public uint Read(uint offset, int size)
    {
        var value = (offset & ~1u) switch
        {
            PmStatus => _status,
            PmEnable => _enable,
            PmControl => _control,
            PmTimer or PmTimer + 2 => (uint)((decimal)_clock.Cycles * PmTimerHz / _cyclesPerSecond) & 0xffffff,
            _ => 0u,
        };
        if (size == 1)
        {
            value >>= (int)(offset & 1) * 8;
        }
        if ((offset & ~3u) == PmTimer && (offset & 2) != 0)
        {
            value >>= 16;
        }
        return size switch { 1 => value & 0xff, 2 => value & 0xffff, _ => value };
    }

    public void Write(uint offset, int size, uint value)
    {
        switch (offset)
        {
            case PmStatus:
                _status &= (ushort)~value; // write one to clear
                break;
            case PmEnable:
                _enable = (ushort)value;
                break;
            case PmControl:
                _control = (ushort)(value & ~ControlSuspendEnable);
                // SUS_TYP (bits 12:10) 0 is soft off.
                if ((value & ControlSuspendEnable) != 0 && ((value >> 10) & 7) == 0)
                {
                    _powerOff();
                }
                break;
            default:
                break;
        }
    }
}
