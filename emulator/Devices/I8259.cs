namespace Emu.Emulator.Devices;

/// <summary>
/// One Intel 8259A programmable interrupt controller (8259A datasheet; PIIX4 datasheet §3.6 "Interrupt
/// Controller"): the ICW1..ICW4 initialisation sequence, OCW1 (mask), OCW2 (EOI, specific EOI, rotation),
/// OCW3 (read IRR/ISR, poll, special mask), edge- or level-triggered inputs (ICW1.LTIM or the PIIX4's ELCR),
/// automatic EOI, and the fully nested priority with rotation. The board cascades two of them with
/// <see cref="I8259Pair"/>; the interrupt acknowledge (INTA) cycle is <see cref="Acknowledge"/>.
/// </summary>
/// <remarks>
/// Not thread-safe by itself: <see cref="I8259Pair"/> serialises every access (vCPU MMIO and device threads).
/// </remarks>
public sealed partial class I8259 : IMmioDevice
{
    private byte _irr;
    private byte _isr;
    private byte _imr = 0xff;
    private byte _lines;     // current input levels
    private byte _elcr;      // level-triggered inputs (PIIX4 ELCR); ICW1.LTIM makes all of them level
    private byte _vectorBase;
    private int _priorityAdd; // lowest-priority input + 1 (rotation); 0 = IR0 highest
    private int _icwStep;
    private bool _icw4Needed;
    private bool _levelTriggeredAll;
    private bool _autoEoi;
    private bool _rotateOnAutoEoi;
    private bool _readIsr;
    private bool _poll;
    private bool _specialMask;

    public I8259(string name, byte elcrWritableMask = 0xff)
    {
        Name = name;
        ElcrWritableMask = elcrWritableMask;
    }

    public string Name { get; }

    public uint Size => 2;

    public byte InterruptMask => _imr;

    public byte InterruptRequest => _irr;

    public byte InService => _isr;

    public byte VectorBase => _vectorBase;

    /// <summary>Bits of the ELCR software may set (PIIX4: IRQ0, 1, 2 of the master and 8, 13 of the slave are always edge).</summary>
    public byte ElcrWritableMask { get; }

    public byte Elcr
    {
        get => _elcr;
        set => _elcr = (byte)(value & ElcrWritableMask);
    }

    /// <summary>Power-on state: everything masked, nothing requested or in service, edge-triggered.</summary>
    public void Reset()
    {
        _irr = _isr = _lines = _elcr = _vectorBase = 0;
        _imr = 0xff;
        _priorityAdd = _icwStep = 0;
        _icw4Needed = _levelTriggeredAll = _autoEoi = _rotateOnAutoEoi = _readIsr = _poll = _specialMask = false;
    }

    /// <summary>Drives input <paramref name="irq"/> (0..7). Edge inputs latch a request on a rising edge.</summary>
    public void SetInput(int irq, bool level)
    {
        var bit = (byte)(1 << irq);
        if (level)
        {
            if ((_lines & bit) == 0 || IsLevel(bit))
            {
                _irr |= bit;
            }
            _lines |= bit;
        }
        else
        {
            _lines &= (byte)~bit;
            if (IsLevel(bit))
            {
                _irr &= (byte)~bit;
            }
        }
    }

    private bool IsLevel(byte bit) => _levelTriggeredAll || (_elcr & bit) != 0;

    /// <summary>The INT output: a request not masked and of higher priority than anything in service.</summary>
    public bool Output => PendingIrq() >= 0;

    /// <summary>Highest-priority unmasked request that may interrupt what is in service, or -1.</summary>
    private int PendingIrq()
    {
        var request = Highest((byte)(_irr & ~_imr));
        if (request < 0)
        {
            return -1;
        }
        // Special mask mode lets lower priorities in while a masked ISR bit is set.
        var inService = Highest(_specialMask ? (byte)(_isr & ~_imr) : _isr);
        return inService < 0 || Rank(request) < Rank(inService) ? request : -1;
    }

    private int Rank(int irq) => (irq - _priorityAdd) & 7;

    /// <summary>The input with the best rank among <paramref name="bits"/>, or -1.</summary>
    private int Highest(byte bits)
    {
        if (bits == 0)
        {
            return -1;
        }
        for (var i = 0; i < 8; i++)
        {
            var irq = (i + _priorityAdd) & 7;
            if ((bits & (1 << irq)) != 0)
            {
                return irq;
            }
        }
        return -1;
    }

    /// <summary>
    /// INTA: moves the highest pending request to in-service and returns its input number (7 when nothing
    /// is pending: the datasheet's spurious IRQ7, not put in service).
    /// </summary>
    public int Acknowledge()
    {
        var irq = PendingIrq();
        if (irq < 0)
        {
            return 7;
        }
        var bit = (byte)(1 << irq);
        // Edge requests are consumed by the acknowledge; a level request stays while the line is high.
        if (!IsLevel(bit))
        {
            _irr &= (byte)~bit;
        }
        if (_autoEoi)
        {
            if (_rotateOnAutoEoi)
            {
                _priorityAdd = (irq + 1) & 7;
            }
        }
        else
        {
            _isr |= bit;
        }
        return irq;
    }

    public uint Read(uint offset, int size)
    {
        if (_poll)
        {
            // OCW3 poll: the next read is an acknowledge, bit 7 = a request was pending.
            _poll = false;
            var pending = PendingIrq() >= 0;
            var irq = Acknowledge();
            return pending ? 0x80u | (uint)irq : 0u;
        }
        if (offset == 1)
        {
            return _imr;
        }
        return _readIsr ? _isr : _irr;
    }

    public void Write(uint offset, int size, uint value)
    {
        var b = (byte)value;
        if (offset == 0)
        {
            if ((b & 0x10) != 0)
            {
                // ICW1: restart initialisation. IMR and ISR cleared, IR7 lowest, read IRR, edge sense reset.
                _icwStep = 2;
                _icw4Needed = (b & 0x01) != 0;
                _levelTriggeredAll = (b & 0x08) != 0;
                _imr = 0;
                _isr = 0;
                _irr = 0;
                _priorityAdd = 0;
                _readIsr = false;
                _poll = false;
                _specialMask = false;
                _autoEoi = false;
                _rotateOnAutoEoi = false;
            }
            else if ((b & 0x08) != 0)
            {
                WriteOcw3(b);
            }
            else
            {
                WriteOcw2(b);
            }
            return;
        }
        switch (_icwStep)
        {
            case 2:
                _vectorBase = (byte)(b & 0xf8);
                _icwStep = 3;
                break;
            case 3:
                // ICW3 (cascade wiring) is fixed by the board.
                _icwStep = _icw4Needed ? 4 : 0;
                break;
            case 4:
                _autoEoi = (b & 0x02) != 0;
                _icwStep = 0;
                break;
            default:
                _imr = b;
                break;
        }
    }

    private void WriteOcw2(byte b)
    {
        var command = b >> 5;
        switch (command)
        {
            case 0: _rotateOnAutoEoi = false; break; // rotate in automatic EOI mode (clear)
            case 4: _rotateOnAutoEoi = true; break;  // rotate in automatic EOI mode (set)
            case 1: // non-specific EOI
            case 5: // rotate on non-specific EOI
                {
                    var irq = Highest(_isr);
                    if (irq >= 0)
                    {
                        _isr &= (byte)~(1 << irq);
                        if (command == 5)
                        {
                            _priorityAdd = (irq + 1) & 7;
                        }
                    }
                    break;
                }
            case 3: // specific EOI
                _isr &= (byte)~(1 << (b & 7));
                break;
            case 7: // rotate on specific EOI
                _isr &= (byte)~(1 << (b & 7));
                _priorityAdd = ((b & 7) + 1) & 7;
                break;
            case 6: // set priority: IRn becomes lowest
                _priorityAdd = ((b & 7) + 1) & 7;
                break;
            default: // 2: no operation
                break;
        }
    }

    private void WriteOcw3(byte b)
    {
        if ((b & 0x02) != 0)
        {
            _readIsr = (b & 0x01) != 0;
        }
        _poll = (b & 0x04) != 0;
        if ((b & 0x40) != 0)
        {
            _specialMask = (b & 0x20) != 0;
        }
    }
}
