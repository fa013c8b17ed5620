namespace Emu.Emulator.Devices;

/// <summary>
/// National Semiconductor 16550A UART (one byte per register, register shift 0), enough for a polled
/// driver and for Linux's 8250 driver: THR/RBR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR and the divisor
/// latch (DLAB). Transmit is instantaneous (THR empty is always set); received bytes come from
/// <see cref="EnqueueInput"/> (host stdin thread) through a receive FIFO.
/// </summary>
/// <remarks>Lock: <see cref="_gate"/> guards the receive FIFO and register state (vCPU and host input threads).</remarks>
public sealed partial class Uart16550 : IMmioDevice
{
    private enum Reg : uint
    {
        RbrThrDll = 0,
        IerDlm = 1,
        IirFcr = 2,
        Lcr = 3,
        Mcr = 4,
        Lsr = 5,
        Msr = 6,
        Scr = 7,
    }

    private const byte LcrDlab = 0x80;
    private const byte McrLoopback = 0x10;
    private const int FifoDepth = 16;
    private const byte LsrDataReady = 0x01;
    private const byte LsrThrEmpty = 0x20;
    private const byte LsrTransmitterEmpty = 0x40;
    private const byte IerRxData = 0x01;
    private const byte IerThrEmpty = 0x02;
    private const byte IirNoInterrupt = 0x01;
    private const byte IirThrEmpty = 0x02;
    private const byte IirRxData = 0x04;

    private readonly object _gate = new();
    // Bytes typed on the host and not yet read, up to RxBuffer (the line's FIFO is 16 bytes deep, but input typed or
    // pasted faster than the guest reads is kept, as a terminal's buffer would).
    private const int RxBuffer = 4096;
    private readonly ByteFifo _rx = new(RxBuffer);
    private readonly Action<byte> _transmit;
    private byte _ier;
    private byte _lcr;
    private byte _mcr;
    private byte _scr;
    private byte _fcr;
    private byte _dll = 1;
    private byte _dlm;
    // THRE interrupt is pending until IIR is read or THR written (16550 datasheet, IIR priorities).
    private bool _thrInterruptPending;

    /// <param name="transmit">Receives every byte the guest writes to THR.</param>
    /// <param name="irq">Called with the new level of the interrupt output (may be null).</param>
    public Uart16550(string name, Action<byte> transmit, Action<bool>? irq = null)
    {
        Name = name;
        _transmit = transmit;
        Irq = irq;
    }

    public string Name { get; }

    public uint Size => 8;

    public Action<bool>? Irq { get; set; }

    /// <summary>Power-on register values (16550A datasheet "Reset"); bytes already typed stay queued.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _ier = _lcr = _mcr = _scr = _fcr = _dlm = 0;
            _dll = 1;
            _thrInterruptPending = false;
        }
        UpdateIrq();
    }

    /// <summary>Queues bytes typed on the host; any thread.</summary>
    public void EnqueueInput(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            foreach (var b in bytes)
            {
                _rx.TryEnqueue(b);
            }
        }
        UpdateIrq();
    }

    public uint Read(uint offset, int size)
    {
        uint value;
        lock (_gate)
        {
            value = (Reg)offset switch
            {
                Reg.RbrThrDll when (_lcr & LcrDlab) != 0 => _dll,
                Reg.RbrThrDll => _rx.Count > 0 ? _rx.Dequeue() : 0u,
                Reg.IerDlm when (_lcr & LcrDlab) != 0 => _dlm,
                Reg.IerDlm => _ier,
                Reg.IirFcr => ReadIir(),
                Reg.Lcr => _lcr,
                Reg.Mcr => _mcr,
                Reg.Lsr => (uint)(LsrThrEmpty | LsrTransmitterEmpty | (_rx.Count > 0 ? LsrDataReady : 0)),
                // Loopback off: report CTS, DSR and DCD asserted, as a connected terminal would.
                Reg.Msr => (_mcr & 0x10) != 0 ? LoopbackMsr(_mcr) : 0xb0u,
                Reg.Scr => _scr,
                _ => 0xff,
            };
        }
        UpdateIrq();
        return value;
    }

    /// <summary>Loopback mode wires DTR→DSR, RTS→CTS, OUT1→RI, OUT2→DCD.</summary>
    private static uint LoopbackMsr(byte mcr) =>
        (uint)(((mcr & 1) << 5) | ((mcr & 2) << 3) | ((mcr & 4) << 4) | ((mcr & 8) << 4));

    private uint ReadIir()
    {
        var fifo = (_fcr & 1) != 0 ? 0xc0u : 0u;
        if ((_ier & IerRxData) != 0 && _rx.Count > 0)
        {
            return fifo | IirRxData;
        }
        if ((_ier & IerThrEmpty) != 0 && _thrInterruptPending)
        {
            _thrInterruptPending = false;
            return fifo | IirThrEmpty;
        }
        return fifo | IirNoInterrupt;
    }

    public void Write(uint offset, int size, uint value)
    {
        var b = (byte)value;
        var transmit = false;
        lock (_gate)
        {
            switch ((Reg)offset)
            {
                case Reg.RbrThrDll when (_lcr & LcrDlab) != 0: _dll = b; break;
                case Reg.RbrThrDll:
                    if ((_mcr & McrLoopback) != 0)
                    {
                        // Loopback: the byte comes back into the receiver and never reaches the line (16550A
                        // datasheet, MCR bit 4; QEMU does the same). Linux's 8250 probe sends a test pattern
                        // this way, which must not appear on the console. The hardware FIFO holds 16.
                        if (_rx.Count < FifoDepth)
                        {
                            _rx.TryEnqueue(b);
                        }
                    }
                    else
                    {
                        transmit = true;
                    }
                    _thrInterruptPending = true;
                    break;
                case Reg.IerDlm when (_lcr & LcrDlab) != 0: _dlm = b; break;
                case Reg.IerDlm:
                    // Enabling THRE interrupts with THR empty raises one at once (as the 16550 does).
                    if ((b & IerThrEmpty) != 0 && (_ier & IerThrEmpty) == 0)
                    {
                        _thrInterruptPending = true;
                    }
                    _ier = (byte)(b & 0x0f);
                    break;
                case Reg.IirFcr:
                    _fcr = b;
                    if ((b & 2) != 0)
                    {
                        _rx.Clear();
                    }
                    break;
                case Reg.Lcr: _lcr = b; break;
                case Reg.Mcr: _mcr = (byte)(b & 0x1f); break;
                case Reg.Scr: _scr = b; break;
                default: break; // LSR and MSR are read-only
            }
        }
        if (transmit)
        {
            _transmit(b);
        }
        UpdateIrq();
    }

    private void UpdateIrq()
    {
        var irq = Irq;
        if (irq is null)
        {
            return;
        }
        // The level is computed and delivered under the lock: the vCPU and the host input thread both update
        // it, and delivering outside the lock could let a stale level overtake a newer one (a lost edge at
        // an edge-triggered PIC input). Lock order: UART, then the interrupt controller.
        lock (_gate)
        {
            irq(((_ier & IerRxData) != 0 && _rx.Count > 0) || ((_ier & IerThrEmpty) != 0 && _thrInterruptPending));
        }
    }
}
