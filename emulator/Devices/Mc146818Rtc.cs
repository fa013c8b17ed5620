namespace Emu.Emulator.Devices;

/// <summary>
/// Motorola MC146818A real-time clock and CMOS RAM as the PIIX4 presents it (ports 0x70/0x71 for the first
/// 128 bytes, 0x72/0x73 for the upper 128; PIIX4 datasheet §3.5): time and alarm registers in BCD or binary,
/// 12/24-hour mode, Registers A-D, and NVRAM. QEMU hw/rtc/mc146818rtc.c is the behavioural reference.
/// </summary>
/// <remarks>
/// <para>Time: the RTC counts guest time, not host time. One RTC second is <see cref="CyclesPerSecond"/> guest
/// cycles of the board's <see cref="IGuestClock"/> (instruction-driven), starting from a wall-clock time given
/// at power-on. So the RTC, CP0 Count and the kernel's jiffies agree with each other exactly, and a run is
/// reproducible given the same start time.</para>
/// <para>Update-in-progress: UIP (Register A bit 7) is set for the 244 µs before each second boundary, as on
/// the chip. Linux calibrates the CPU clock by spinning on UIP edges for one RTC second
/// (arch/mips/mti-malta/malta-time.c estimate_cpu_frequency), which under instruction-driven time would cost
/// a guest second of MMIO reads per edge. Emu therefore treats a run of <see cref="PollsBeforeStall"/>
/// consecutive Register A reads that see the same UIP value (nothing else touched the RTC in between) as a
/// polling loop, and stalls the vCPU to the next UIP edge: guest time advances exactly as if the loop had
/// spun, Count moves by the same amount, and the calibration result is unchanged, but the host does no work.</para>
/// <para>Interrupt flags (Register C) are computed when read; the IRQ 8 output is not driven yet (Linux's
/// Malta clock events use the CP0 timer; rtc-cmos reads the time without interrupts).</para>
/// Not thread-shared: only vCPU 0 accesses it.
/// </remarks>
public sealed partial class Mc146818Rtc : IMmioDevice
{
    public enum Reg
    {
        Seconds = 0x00,
        SecondsAlarm = 0x01,
        Minutes = 0x02,
        MinutesAlarm = 0x03,
        Hours = 0x04,
        HoursAlarm = 0x05,
        DayOfWeek = 0x06,
        DayOfMonth = 0x07,
        Month = 0x08,
        Year = 0x09,
        A = 0x0a,
        B = 0x0b,
        C = 0x0c,
        D = 0x0d,
        /// <summary>IBM PC convention (and QEMU's): the century byte, BCD.</summary>
        Century = 0x32,
    }

    public const byte AUpdateInProgress = 0x80;
    public const byte BSet = 0x80;
    public const byte BPeriodicIe = 0x40;
    public const byte BAlarmIe = 0x20;
    public const byte BUpdateIe = 0x10;
    public const byte BBinary = 0x04;
    public const byte B24Hour = 0x02;
    public const byte CIrqf = 0x80;
    public const byte CPeriodic = 0x40;
    public const byte CAlarm = 0x20;
    public const byte CUpdate = 0x10;
    public const byte DValidRam = 0x80;

    /// <summary>Consecutive same-UIP reads of Register A after which the vCPU is stalled to the next edge.</summary>
    public const int PollsBeforeStall = 16;

    private readonly IGuestClock _clock;
    private readonly byte[] _cmos = new byte[256];
    private int _index;
    private int _upperIndex;
    // Wall-clock seconds (Unix time) at guest cycle 0; moved when the guest sets the time.
    private long _epochSeconds;
    // While SET is on, time does not advance and register writes edit this frozen time.
    private long _frozenSeconds;
    private long _lastFlagsSecond;
    private long _lastFlagsCycles;
    private byte _flags;
    private int _polls;
    private bool _lastUip;

    public Mc146818Rtc(IGuestClock clock, long cyclesPerSecond, DateTimeOffset powerOn)
    {
        if (cyclesPerSecond < 1_000_000)
        {
            throw new ArgumentOutOfRangeException(nameof(cyclesPerSecond), "at least 1 MHz");
        }
        _clock = clock;
        CyclesPerSecond = cyclesPerSecond;
        _epochSeconds = powerOn.ToUnixTimeSeconds();
        // Power-on values as QEMU sets them: 32.768 kHz time base with 1024 Hz periodic rate, 24-hour BCD, RAM valid.
        _cmos[(int)Reg.A] = 0x26;
        _cmos[(int)Reg.B] = B24Hour;
        _cmos[(int)Reg.D] = DValidRam;
        _lastFlagsSecond = CurrentSecond(clock.Cycles);
        _lastFlagsCycles = clock.Cycles;
    }

    public string Name => "mc146818-rtc";

    /// <summary>Ports 0x70..0x73.</summary>
    public uint Size => 4;

    public long CyclesPerSecond { get; }

    /// <summary>Cycles of the UIP window before each second boundary (244 µs, MC146818A datasheet "UIP").</summary>
    private long UipCycles => CyclesPerSecond * 244 / 1_000_000;

    private bool Frozen => (_cmos[(int)Reg.B] & BSet) != 0;

    private long CurrentSecond(long cycles) => Frozen ? _frozenSeconds : _epochSeconds + cycles / CyclesPerSecond;

    /// <summary>The time the chip shows now (for tests and diagnostics).</summary>
    public DateTimeOffset Now => DateTimeOffset.FromUnixTimeSeconds(CurrentSecond(_clock.Cycles));

    public uint Read(uint offset, int size)
    {
        switch (offset)
        {
            case 1:
                return ReadRegister(_index);
            case 3:
                _polls = 0;
                return _cmos[_upperIndex];
            default:
                return 0xff; // the index ports are write-only
        }
    }

    public void Write(uint offset, int size, uint value)
    {
        switch (offset)
        {
            case 0:
                _index = (int)(value & 0x7f); // bit 7 is the NMI mask, not part of the index
                break;
            case 1:
                WriteRegister(_index, (byte)value);
                break;
            case 2:
                _upperIndex = (int)(0x80 | (value & 0x7f));
                break;
            default:
                _polls = 0;
                _cmos[_upperIndex] = (byte)value;
                break;
        }
    }

    private uint ReadRegister(int index)
    {
        if (index == (int)Reg.A)
        {
            return ReadA();
        }
        _polls = 0;
        var cycles = _clock.Cycles;
        if (index == (int)Reg.C)
        {
            var c = Flags(cycles);
            _flags = 0;
            return c;
        }
        if (index <= (int)Reg.Year || index == (int)Reg.Century)
        {
            return TimeField(index, DateTimeOffset.FromUnixTimeSeconds(CurrentSecond(cycles)));
        }
        return _cmos[index];
    }

    private uint ReadA()
    {
        var uip = Uip(_clock.Cycles);
        _polls = uip == _lastUip ? _polls + 1 : 1;
        _lastUip = uip;
        if (_polls >= PollsBeforeStall && !Frozen)
        {
            // A polling loop: let guest time run to the next UIP edge at once (see class remarks).
            _clock.Stall(CyclesToNextEdge(_clock.Cycles));
            uip = Uip(_clock.Cycles);
            _lastUip = uip;
            _polls = 1;
        }
        return (uint)(_cmos[(int)Reg.A] & 0x7f) | (uip ? AUpdateInProgress : 0u);
    }

    private bool Uip(long cycles) => !Frozen && cycles % CyclesPerSecond >= CyclesPerSecond - UipCycles;

    private long CyclesToNextEdge(long cycles)
    {
        var intoSecond = cycles % CyclesPerSecond;
        var rise = CyclesPerSecond - UipCycles;
        return intoSecond < rise ? rise - intoSecond : CyclesPerSecond - intoSecond;
    }

    /// <summary>Register C: flags raised since it was last read (update, periodic, alarm), IRQF when one is enabled.</summary>
    private byte Flags(long cycles)
    {
        var second = CurrentSecond(cycles);
        if (second != _lastFlagsSecond)
        {
            _flags |= CUpdate;
            if (AlarmMatches(second))
            {
                _flags |= CAlarm;
            }
        }
        var rate = _cmos[(int)Reg.A] & 0x0f;
        if (rate != 0)
        {
            // Periodic rate: 32768 >> (rate - 1) Hz (rates 1 and 2 are 256 and 128 Hz on the chip).
            var hz = rate <= 2 ? 256 >> (rate - 1) : 32768 >> (rate - 1);
            if ((cycles - _lastFlagsCycles) >= CyclesPerSecond / hz)
            {
                _flags |= CPeriodic;
            }
        }
        _lastFlagsSecond = second;
        _lastFlagsCycles = cycles;
        var enabled = _cmos[(int)Reg.B] & (BPeriodicIe | BAlarmIe | BUpdateIe);
        return (byte)(_flags | ((_flags & enabled) != 0 ? CIrqf : 0));
    }

    private bool AlarmMatches(long second)
    {
        var t = DateTimeOffset.FromUnixTimeSeconds(second);
        // Alarm bytes with the two top bits set are "don't care".
        static bool Match(byte alarm, uint now) => (alarm & 0xc0) == 0xc0 || alarm == now;
        return Match(_cmos[(int)Reg.SecondsAlarm], TimeField((int)Reg.Seconds, t))
            && Match(_cmos[(int)Reg.MinutesAlarm], TimeField((int)Reg.Minutes, t))
            && Match(_cmos[(int)Reg.HoursAlarm], TimeField((int)Reg.Hours, t));
    }

    private void WriteRegister(int index, byte value)
    {
        _polls = 0;
        var cycles = _clock.Cycles;
        switch (index)
        {
            case (int)Reg.A:
                _cmos[index] = (byte)(value & 0x7f); // UIP is read-only
                return;
            case (int)Reg.B:
                var wasFrozen = Frozen;
                if (!wasFrozen && (value & BSet) != 0)
                {
                    _frozenSeconds = CurrentSecond(cycles);
                }
                // SET also stops update-ended interrupts (datasheet: SET clears UIE).
                _cmos[index] = (value & BSet) != 0 ? (byte)(value & ~BUpdateIe) : value;
                if (wasFrozen && !Frozen)
                {
                    _epochSeconds = _frozenSeconds - cycles / CyclesPerSecond;
                }
                return;
            case (int)Reg.C:
            case (int)Reg.D:
                return; // read-only
            case (int)Reg.Seconds or (int)Reg.Minutes or (int)Reg.Hours or (int)Reg.DayOfMonth or (int)Reg.Month or (int)Reg.Year or (int)Reg.Century:
                SetTimeField(index, value, cycles);
                return;
            default:
                _cmos[index] = value; // alarms, day of week, NVRAM
                return;
        }
    }

    private uint TimeField(int index, DateTimeOffset t)
    {
        var binary = (_cmos[(int)Reg.B] & BBinary) != 0;
        uint Encode(int v) => binary ? (uint)v : (uint)(((v / 10) << 4) | (v % 10));
        switch (index)
        {
            case (int)Reg.Seconds: return Encode(t.Second);
            case (int)Reg.Minutes: return Encode(t.Minute);
            case (int)Reg.Hours:
                if ((_cmos[(int)Reg.B] & B24Hour) != 0)
                {
                    return Encode(t.Hour);
                }
                var h12 = t.Hour % 12 == 0 ? 12 : t.Hour % 12;
                return Encode(h12) | (t.Hour >= 12 ? 0x80u : 0u);
            case (int)Reg.DayOfWeek: return Encode((int)t.DayOfWeek + 1);
            case (int)Reg.DayOfMonth: return Encode(t.Day);
            case (int)Reg.Month: return Encode(t.Month);
            case (int)Reg.Year: return Encode(t.Year % 100);
            case (int)Reg.Century: return (uint)(((t.Year / 100 / 10) << 4) | (t.Year / 100 % 10)); // always BCD
            default: return _cmos[index];
        }
    }

    /// <summary>Writes one time field: the new wall-clock time keeps every other field.</summary>
    private void SetTimeField(int index, byte value, long cycles)
    {
        var binary = (_cmos[(int)Reg.B] & BBinary) != 0;
        // The century byte is BCD whatever Register B says.
        int Decode(int v) => binary && index != (int)Reg.Century ? v : ((v >> 4) * 10) + (v & 15);
        var t = DateTimeOffset.FromUnixTimeSeconds(CurrentSecond(cycles));
        int year = t.Year, month = t.Month, day = t.Day, hour = t.Hour, minute = t.Minute, second = t.Second;
        switch (index)
        {
            case (int)Reg.Seconds: second = Decode(value) % 60; break;
            case (int)Reg.Minutes: minute = Decode(value) % 60; break;
            case (int)Reg.Hours:
                if ((_cmos[(int)Reg.B] & B24Hour) != 0)
                {
                    hour = Decode(value) % 24;
                }
                else
                {
                    hour = (Decode(value & 0x7f) % 12) + ((value & 0x80) != 0 ? 12 : 0);
                }
                break;
            case (int)Reg.DayOfMonth: day = Math.Clamp(Decode(value), 1, 31); break;
            case (int)Reg.Month: month = Math.Clamp(Decode(value), 1, 12); break;
            case (int)Reg.Year: year = (year / 100 * 100) + (Decode(value) % 100); break;
            default: year = (Decode(value) * 100) + (year % 100); break;
        }
        day = Math.Min(day, DateTime.DaysInMonth(Math.Clamp(year, 1, 9999), month));
        var seconds = new DateTimeOffset(Math.Clamp(year, 1970, 9999), month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds();
        if (Frozen)
        {
            _frozenSeconds = seconds;
        }
        else
        {
            _epochSeconds = seconds - cycles / CyclesPerSecond;
        }
    }
}
