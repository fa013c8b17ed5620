namespace Emu.Emulator.Devices;

/// <summary>
/// Intel 8259A programmable interrupt controller, register level only for now: the ICW1-4
/// initialisation sequence and OCW1 (the interrupt mask register) so that bare-metal programs that
/// mask the PIIX4's PICs at start-up work. Interrupt routing arrives with the full Malta board.
/// </summary>
public sealed class I8259 : IMmioDevice
{
    private byte _imr = 0xff;
    private int _icwStep;
    private bool _icw4Needed;

    public I8259(string name) => Name = name;

    public string Name { get; }

    public uint Size => 2;

    public byte InterruptMask => _imr;

    public uint Read(uint offset, int size) => offset == 1 ? _imr : 0u;

    public void Write(uint offset, int size, uint value)
    {
        var b = (byte)value;
        if (offset == 0)
        {
            if ((b & 0x10) != 0)
            {
                // ICW1 starts initialisation: IMR cleared, ICW2 (and ICW3/ICW4) follow on port 1.
                _icwStep = 2;
                _icw4Needed = (b & 1) != 0;
                _imr = 0;
            }
            // OCW2/OCW3 (EOI, read IRR/ISR) need no state in this register-level model.
            return;
        }
        switch (_icwStep)
        {
            case 2: _icwStep = 3; break;
            case 3: _icwStep = _icw4Needed ? 4 : 0; break;
            case 4: _icwStep = 0; break;
            default: _imr = b; break;
        }
    }
}
