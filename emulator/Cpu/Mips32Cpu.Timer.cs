using Emu.Emulator.Cp0;
using Emu.Emulator.Timing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// CP0 Count/Compare (MIPS32 PRA §9.16, §9.18) and the guest time the board's devices read. Count advances every
/// other cycle (as on a 24K, CCRes = 2). Under <see cref="GuestClockSource.Instructions"/> guest time is retired
/// instructions plus cycles skipped while idle in WAIT: runs are deterministic, the same guest and input give the same
/// interrupts at the same instructions. Under <see cref="GuestClockSource.Host"/> guest time is host time
/// (<see cref="HostPacer"/>), as in QEMU without -icount (cpu_mips_get_count reads QEMU_CLOCK_VIRTUAL): instructions
/// take no time, so a vCPU runs as fast as its engine can and a guest's `sleep 2` still lasts two host seconds.
/// </summary>
public sealed unsafe partial class Mips32Cpu : Devices.IGuestClock
{
    /// <summary>
    /// Guest cycles at the instruction being executed (inside a device access: the accessing instruction).
    /// The board's devices (RTC, PIT) take their time from here.
    /// </summary>
    long Devices.IGuestClock.Cycles => TimeAt(_instretNow);

    /// <summary>
    /// A device stalls the vCPU: guest time jumps forward without instructions (as WAIT's idle skip does).
    /// The timer sees the jump at the next batch boundary.
    /// </summary>
    void Devices.IGuestClock.Stall(long cycles)
    {
        if (HostPacer is { } pacer)
        {
            // Host time: the guest clock jumps ahead of the host clock and runs on from there (later reads never go back).
            pacer.Anchor(TimeAt(_instretNow) + Math.Max(0, cycles));
            return;
        }
        _idleCycles += Math.Max(0, cycles);
    }

    /// <summary>
    /// Host time (<see cref="GuestClockSource.Host"/>), or null for instruction-driven time. Set by the machine before
    /// the first Run; used only by the vCPU thread.
    /// </summary>
    public HostTimePacer? HostPacer { get; set; }

    /// <summary>Instruction time: cycles spent idle in WAIT or stalled by a device (time that passed without instructions).</summary>
    private long _idleCycles;
    /// <summary>Host time: the newest guest time read, so guest time never goes back and stops while the vCPU is stopped.</summary>
    private long _hostTime;
    /// <summary>Count = (cycles / 2) + _countBias; MTC0 Count moves the bias.</summary>
    private uint _countBias;
    /// <summary>Count when the timer was last examined, to detect Count passing Compare.</summary>
    private uint _lastCount;

    private long Cycles => TimeAt(_instret);

    /// <summary>
    /// Guest cycles at the instruction boundary <paramref name="instret"/>: instructions plus idle cycles, or under host
    /// time the host's clock (monotonic: never before an earlier read).
    /// </summary>
    private long TimeAt(long instret)
    {
        if (HostPacer is not { } pacer)
        {
            return instret + _idleCycles;
        }
        return _hostTime = Math.Max(_hostTime, pacer.HostCycles());
    }

    /// <summary>Count at the current instruction boundary inside or outside a batch.</summary>
    private uint CountAt(long instret) => (uint)(TimeAt(instret) >> 1) + _countBias;

    private void ResetTimer()
    {
        _idleCycles = 0;
        _hostTime = 0; // RunLoop anchors the host clock here on entry
        _countBias = 0;
        _lastCount = 0;
    }

    private void WriteCount(uint value, long instret)
    {
        _countBias = value - (uint)(TimeAt(instret) >> 1);
        _lastCount = value;
    }

    /// <summary>Sets Cause.TI when Count has reached Compare since the last look (at a batch boundary).</summary>
    private void UpdateTimer() => UpdateTimerAt(_instret);

    /// <summary>
    /// MFC0 Cause inside a batch. Under instruction time the batch ends on the instruction at which Count reaches
    /// Compare, so Cause.TI is already current; under host time a batch is not timed to the match, so TI is
    /// brought up to date here: a guest polling Cause.TI with Count reads in between (Linux's
    /// c0_compare_int_usable waits only 100 cycles for it) sees it as soon as Count passes Compare.
    /// </summary>
    private uint CauseForRead()
    {
        if (HostPacer is not null)
        {
            UpdateTimerAt(_instretNow);
        }
        return CauseValue();
    }

    private void UpdateTimerAt(long instret)
    {
        var now = CountAt(instret);
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
