namespace Emu.Emulator.Devices;

/// <summary>
/// Intel 8254 programmable interval timer as the PIIX4 has it (ports 0x40..0x43, 1.193182 MHz input;
/// 8254 datasheet): three 16-bit down counters with the control word, the LSB/MSB/word access modes, counter
/// latch and read-back commands, and the OUT level of each mode, all computed from guest time
/// (<see cref="IGuestClock"/>, so the counters advance with executed instructions like CP0 Count).
/// </summary>
/// <remarks>
/// IRQ 0 is not driven yet: Linux on Malta registers the PIT as a clock event device but runs its tick on the
/// CP0 timer (cevt-r4k), and only reads the counters. Gate inputs are treated as high (channel 2's gate,
/// port 0x61, is not modelled). Not thread-shared: only vCPU 0 accesses it.
/// </remarks>
public sealed partial class I8254Pit : IMmioDevice
{
    public const long InputHz = 1_193_182;
    private const uint ControlPort = 3;

    private readonly IGuestClock _clock;
    private readonly long _cyclesPerSecond;
    private Channel[] _channels = [new(), new(), new()];

    public I8254Pit(IGuestClock clock, long cyclesPerSecond)
    {
        _clock = clock;
        _cyclesPerSecond = cyclesPerSecond;
    }

    public string Name => "i8254-pit";

    /// <summary>Power-on: no counter programmed.</summary>
    public void Reset() => _channels = [new(), new(), new()];

    public uint Size => 4;

    private sealed class Channel
    {
        public int Mode;
        public int Access = 3;      // 1 LSB, 2 MSB, 3 LSB then MSB
        public bool Bcd;
        public uint Reload = 0x10000;
        public long LoadTick;       // input tick when counting started
        public bool Counting;
        public bool WriteMsbNext;
        public bool ReadMsbNext;
        public byte PendingLsb;
        public ushort? Latched;
        public byte? LatchedStatus;
    }

    private long Ticks => (long)((decimal)_clock.Cycles * InputHz / _cyclesPerSecond);

    /// <summary>The counter's current value (what a latch would capture).</summary>
    public ushort Count(int channel)
    {
        var c = _channels[channel];
        if (!c.Counting)
        {
            return (ushort)c.Reload;
        }
        var elapsed = Ticks - c.LoadTick;
        return c.Mode is 2 or 3
            ? (ushort)(c.Reload - (elapsed % c.Reload))
            : (ushort)((c.Reload - elapsed) & 0xffff);
    }

    /// <summary>The OUT pin (mode 0: high at terminal count; modes 2/3: the periodic waveform).</summary>
    public bool Out(int channel)
    {
        var c = _channels[channel];
        if (!c.Counting)
        {
            return c.Mode != 0;
        }
        var elapsed = Ticks - c.LoadTick;
        return c.Mode switch
        {
            0 => elapsed >= c.Reload,
            2 => elapsed % c.Reload != c.Reload - 1,
            3 => elapsed % c.Reload < (c.Reload + 1) / 2,
            _ => elapsed != c.Reload,
        };
    }

    public uint Read(uint offset, int size)
    {
        if (offset == ControlPort)
        {
            return 0xff;
        }
        var c = _channels[offset];
        if (c.LatchedStatus is { } status)
        {
            c.LatchedStatus = null;
            return status;
        }
        var value = c.Latched ?? Count((int)offset);
        byte result;
        switch (c.Access)
        {
            case 1: result = (byte)value; c.Latched = null; break;
            case 2: result = (byte)(value >> 8); c.Latched = null; break;
            default:
                result = c.ReadMsbNext ? (byte)(value >> 8) : (byte)value;
                if (c.ReadMsbNext)
                {
                    c.Latched = null;
                }
                c.ReadMsbNext = !c.ReadMsbNext;
                break;
        }
        return result;
    }

    public void Write(uint offset, int size, uint value)
    {
        var b = (byte)value;
        if (offset == ControlPort)
        {
            WriteControl(b);
            return;
        }
        var c = _channels[offset];
        switch (c.Access)
        {
            case 1: Load(c, b); break;
            case 2: Load(c, (uint)b << 8); break;
            default:
                if (c.WriteMsbNext)
                {
                    Load(c, c.PendingLsb | ((uint)b << 8));
                }
                else
                {
                    c.PendingLsb = b;
                }
                c.WriteMsbNext = !c.WriteMsbNext;
                break;
        }
    }

    private void Load(Channel c, uint count)
    {
        // A count of 0 means 65536 (binary) — BCD counting is accepted but counted in binary.
        c.Reload = count == 0 ? 0x10000u : count;
        c.LoadTick = Ticks;
        c.Counting = true;
    }

    private void WriteControl(byte b)
    {
        var select = b >> 6;
        if (select == 3)
        {
            // Read-back: bit 5 clear latches counts, bit 4 clear latches status, bits 1..3 choose channels.
            for (var i = 0; i < 3; i++)
            {
                if ((b & (2 << i)) == 0)
                {
                    continue;
                }
                var c = _channels[i];
                if ((b & 0x20) == 0 && c.Latched is null)
                {
                    c.Latched = Count(i);
                    c.ReadMsbNext = false;
                }
                if ((b & 0x10) == 0 && c.LatchedStatus is null)
                {
                    c.LatchedStatus = (byte)((Out(i) ? 0x80 : 0) | (c.Access << 4) | (c.Mode << 1) | (c.Bcd ? 1 : 0));
                }
            }
            return;
        }
        var ch = _channels[select];
        var access = (b >> 4) & 3;
        if (access == 0)
        {
            // Counter latch command.
            if (ch.Latched is null)
            {
                ch.Latched = Count(select);
                ch.ReadMsbNext = false;
            }
            return;
        }
        ch.Access = access;
        ch.Mode = (b >> 1) & 7;
        if (ch.Mode > 5)
        {
            ch.Mode -= 4; // modes 6 and 7 are aliases of 2 and 3
        }
        ch.Bcd = (b & 1) != 0;
        ch.Counting = false; // a new control word stops the counter until a count is written
        ch.WriteMsbNext = false;
        ch.ReadMsbNext = false;
        ch.Latched = null;
    }
}
