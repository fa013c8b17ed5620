using Emu.Emulator.Cp0;
using Emu.Emulator.Timing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// CP0 Count/Compare (MIPS32 PRA §9.16, §9.18). Guest time is derived from retired instructions plus
/// cycles skipped while idle in WAIT, and Count advances every other cycle (as on a 24K, CCRes = 2).
/// Under <see cref="GuestClockSource.Instructions"/> this makes runs deterministic: the same guest and input give
/// the same interrupts at the same instructions. Under <see cref="GuestClockSource.Host"/> the structure is the
/// same, but <see cref="HostPacer"/> decides how many idle cycles a WAIT is worth (the host time that passed) and
/// holds back a vCPU that runs ahead of the host (Mips32Cpu.Run.cs).
/// </summary>
public sealed unsafe partial class Mips32Cpu : Devices.IGuestClock
{
    /// <summary>
    /// Guest cycles at the instruction being executed (inside a device access: the accessing instruction).
    /// The board's devices (RTC, PIT) take their time from here.
    /// </summary>
    long Devices.IGuestClock.Cycles => _instretNow + _idleCycles;

    /// <summary>
    /// A device stalls the vCPU: guest time jumps forward without instructions (as WAIT's idle skip does).
    /// The timer sees the jump at the next batch boundary.
    /// </summary>
    void Devices.IGuestClock.Stall(long cycles) => _idleCycles += Math.Max(0, cycles);

    /// <summary>
    /// Host-time pacing (<see cref="GuestClockSource.Host"/>), or null for instruction-driven time. Set by the
    /// machine before the first Run; used only by the vCPU thread.
    /// </summary>
    public HostTimePacer? HostPacer { get; set; }

    /// <summary>Cycles spent idle in WAIT (time that passed without instructions).</summary>
    private long _idleCycles;
    /// <summary>Count = (cycles / 2) + _countBias; MTC0 Count moves the bias.</summary>
    private uint _countBias;
    /// <summary>Count when the timer was last examined, to detect Count passing Compare.</summary>
    private uint _lastCount;

    private long Cycles => _instret + _idleCycles;

    /// <summary>Count at the current instruction boundary inside or outside a batch.</summary>
    private uint CountAt(long instret) => (uint)((instret + _idleCycles) >> 1) + _countBias;

    private void ResetTimer()
    {
        _idleCycles = 0;
        _countBias = 0;
        _lastCount = 0;
    }

    private void WriteCount(uint value, long instret)
    {
        _countBias = value - (uint)((instret + _idleCycles) >> 1);
        _lastCount = value;
    }

    /// <summary>Sets Cause.TI when Count has reached Compare since the last look.</summary>
    private void UpdateTimer()
    {
        var now = CountAt(_instret);
        var toCompare = _cp0.Compare - _lastCount;
        var advanced = now - _lastCount;
        // Compare lies in (last, now] — unsigned arithmetic handles wrap-around of Count.
        if (toCompare - 1 < advanced)
        {
            _cp0.Cause |= Cp0Bits.CauseTI;
        }
        _lastCount = now;
    }

    /// <summary>Instructions that may run before Count reaches Compare (at least 1).</summary>
    private long CyclesUntilTimer()
    {
        var toCompare = _cp0.Compare - CountAt(_instret);
        if (toCompare == 0)
        {
            toCompare = 1u << 31;
        }
        var cycles = ((long)toCompare << 1) - (Cycles & 1);
        return Math.Max(1, cycles);
    }

    private void SkipIdleCycles(long cycles) => _idleCycles += cycles;
}
