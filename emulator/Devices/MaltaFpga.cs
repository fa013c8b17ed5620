namespace Emu.Emulator.Devices;

/// <summary>
/// The Malta board FPGA registers (Malta User's Manual, "FPGA registers"; QEMU hw/mips/malta.c):
/// LED bar, the 8-character ASCII display, SOFTRES (writing 0x42 resets the board; Emu halts, as QEMU
/// does under -no-reboot) and general-purpose I/O. Offsets it does not know read as zero.
/// </summary>
public sealed partial class MaltaFpga : IMmioDevice
{
    private enum Reg : uint
    {
        LedBar = 0x408,
        AsciiWord = 0x410,
        AsciiPos0 = 0x418,
        AsciiPos7 = 0x450,
        SoftRes = 0x500,
        BrkRes = 0x508,
        GpOut = 0xa00,
        /// <summary>The CBUS UART's registers (16550, one every 8 bytes) sit inside the FPGA's range.</summary>
        CbusUart = 0x900,
    }

    /// <summary>Value that triggers a soft reset when written to SOFTRES.</summary>
    public const uint SoftResetValue = 0x42;

    private readonly Action _softReset;
    private readonly IMmioDevice? _cbusUart;
    private char[] _display = "        ".ToCharArray();
    private uint _leds;
    private uint _asciiWord;
    private uint _brkres;
    private uint _gpout;

    /// <param name="cbusUart">The CBUS UART decoded at offset 0x900 (null: nothing there).</param>
    public MaltaFpga(Action softReset, IMmioDevice? cbusUart = null)
    {
        _softReset = softReset;
        _cbusUart = cbusUart;
    }

    private bool IsCbusUart(uint offset) => _cbusUart is not null && offset - (uint)Reg.CbusUart < _cbusUart.Size;

    public string Name => "malta-fpga";

    public uint Size => 0x100000;

    /// <summary>Power-on: display blank, LEDs and registers clear.</summary>
    public void Reset()
    {
        _display = "        ".ToCharArray();
        _leds = _asciiWord = _brkres = _gpout = 0;
    }

    /// <summary>What the 8-character display shows now.</summary>
    public string Display => new(_display);

    public uint Leds => _leds;

    public uint Read(uint offset, int size) => IsCbusUart(offset) ? _cbusUart!.Read(offset - (uint)Reg.CbusUart, size) : (Reg)offset switch
    {
        Reg.LedBar => _leds,
        Reg.AsciiWord => _asciiWord,
        Reg.BrkRes => _brkres,
        Reg.GpOut => _gpout,
        >= Reg.AsciiPos0 and <= Reg.AsciiPos7 when (offset & 7) == 0 => _display[(offset - (uint)Reg.AsciiPos0) / 8],
        _ => 0,
    };

    public void Write(uint offset, int size, uint value)
    {
        if (IsCbusUart(offset))
        {
            _cbusUart!.Write(offset - (uint)Reg.CbusUart, size, value);
            return;
        }
        switch ((Reg)offset)
        {
            case Reg.LedBar: _leds = value & 0xff; break;
            case Reg.AsciiWord: _asciiWord = value; break;
            case Reg.BrkRes: _brkres = value; break;
            case Reg.GpOut: _gpout = value; break;
            case Reg.SoftRes:
                if (value == SoftResetValue)
                {
                    _softReset();
                }
                break;
            case >= Reg.AsciiPos0 and <= Reg.AsciiPos7 when (offset & 7) == 0:
                _display[(offset - (uint)Reg.AsciiPos0) / 8] = (char)(value & 0xff);
                break;
            default:
                break;
        }
    }
}
