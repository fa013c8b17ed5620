namespace Emu.Emulator.Devices.Pci;

/// <summary>
/// A plain type-0 configuration header: identity registers read-only, Command, latency, interrupt line and
/// the device-specific area (0x40..0xff) writable, Base Address Registers absent (they read 0, so Linux
/// sizes them as unimplemented). Enough for functions whose registers only hold values the OS programs,
/// such as the PIIX4's interrupt routing and power-management bases.
/// </summary>
public partial class PciConfigSpace : IPciFunction
{
    private readonly uint[] _dwords = new uint[64];
    // Bits software may change, per dword; identity (vendor, device, class, header type) stays fixed.
    private readonly uint[] _writable = new uint[64];

    public PciConfigSpace(ushort vendorId, ushort deviceId, uint classCodeAndRevision, bool multiFunction = false)
    {
        _dwords[0] = (uint)deviceId << 16 | vendorId;
        _dwords[2] = classCodeAndRevision;
        _dwords[3] = multiFunction ? 0x00800000u : 0;
        _writable[1] = 0x0000ffff; // Command; no Status bit is ever set, so write-one-to-clear needs no state
        _writable[3] = 0x0000ff0c; // cache line size, latency timer
        _writable[15] = 0x000000ff; // interrupt line (the pin is fixed)
        for (var i = 16; i < 64; i++)
        {
            _writable[i] = 0xffffffff;
        }
    }

    public uint ReadConfig(int register) => _dwords[(register >> 2) & 63];

    public void WriteConfig(int register, uint value, uint mask)
    {
        var i = (register >> 2) & 63;
        var m = mask & _writable[i];
        _dwords[i] = (_dwords[i] & ~m) | (value & m);
    }

    /// <summary>Sets a register as the hardware resets it, bypassing the write mask.</summary>
    public void SetInitial(int register, uint value) => _dwords[(register >> 2) & 63] = value;
}
