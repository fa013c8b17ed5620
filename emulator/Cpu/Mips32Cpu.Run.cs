using Emu.Emulator.Cp0;
using Emu.Emulator.Timing;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

public sealed unsafe partial class Mips32Cpu
{
    /// <summary>Interpreter batches run (tests observe where batches end: InstFlags.EndsBatch).</summary>
    internal long BatchesExecuted { get; private set; }

    /// <summary>True while the vCPU sits in WAIT (MIPS32 Vol II WAIT: idle until an interrupt).</summary>
    private bool _waiting;

    /// <summary>
    /// Called with false at every batch boundary, and with true before the vCPU sleeps in WAIT and when Run returns
    /// (it may then park for a debugger or the monitor): MachineOptions.ConsoleTick. Set before the vCPU runs.
    /// </summary>
    public Action<bool>? BatchTick { get; set; }

    /// <summary>The body of <see cref="Run"/> (Mips32Cpu.Trace.cs wraps it in kvm_enter/kvm_out events).</summary>
    private StopReason RunLoop(long maxInstructions)
    {
        var limit = maxInstructions == long.MaxValue ? long.MaxValue : _instret + maxInstructions;
        // Host time: time spent outside Run (stopped by a debugger or the monitor) does not count, as QEMU's virtual
        // clock stops with the VM: the guest's clock resumes from its last reading.
        HostPacer?.Anchor(_hostTime);
        // A stop requested before Run started is honoured, not forgotten (Machine stops secondary vCPUs
        // whose threads may not have reached Run yet); it is consumed when Run returns StopRequested.
        EnterGuestMode();
        try
        {
            return RunInGuestMode(limit);
        }
        finally
        {
            ExitGuestMode();
            BatchTick?.Invoke(true);
        }
    }

    private StopReason RunInGuestMode(long limit)
    {
        while (true)
        {
            BatchTick?.Invoke(false);
            if (HaltRequested)
            {
                return StopReason.Halted;
            }
            if (_requests.TakeStop())
            {
                return StopReason.StopRequested;
            }
            if (DebugStopPending)
            {
                return StopReason.Debug;
            }
            if (_instret >= limit)
            {
                return StopReason.InstructionLimit;
            }
            if (BoundaryDue)
            {
                RunBoundaryHook(); // Mips32Cpu.Boundary.cs; the checks below run on after it
            }
            _requests.ApplyPending(); // flushes and code invalidations (VcpuRequests)
            UpdateTimer();
            if (InterruptDeliverable())
            {
                _waiting = false;
                ExceptionDispatcher.Raise(this, ExcCode.Int);
                continue; // the checks above again: a debugger may catch the interrupt at its vector
            }
            else if (_waiting)
            {
                if (!Idle(bounded: limit != long.MaxValue))
                {
                    return StopReason.WaitingForInterrupt;
                }
                continue;
            }
            // Instruction time: the batch ends on the instruction at which Count reaches Compare. Host time: instructions
            // take no time, so the timer is looked at every batch (MaxBatch instructions: microseconds).
            var untilTimer = HostPacer is null ? CyclesUntilTimer() : MaxBatch;
            var batch = LongBatches && !EmuKvmTrace.SampleEnabled ? LongBatch : MaxBatch;
            var budget = (int)Math.Min(Math.Min(Math.Min(batch, limit - _instret), untilTimer), InstructionsToBoundary);
            var executed = ExecutionEngine.Run(budget);
            BatchesExecuted++;
            _instret += executed;
            SamplePc();
        }
    }

    /// <summary>
    /// Cause.IP (software bits, board lines, timer) masked by Status.IM, with IE=1, EXL=0, ERL=0
    /// (MIPS32 PRA §6.1.1 "Interrupt Handling": interrupts are taken only when all three allow).
    /// </summary>
    private bool InterruptDeliverable()
    {
        var status = _cp0.Status;
        if ((status & (Cp0Bits.StatusIE | Cp0Bits.StatusEXL | Cp0Bits.StatusERL)) != Cp0Bits.StatusIE)
        {
            return false;
        }
        return (CauseValue() & status & Cp0Bits.StatusIM) != 0;
    }

    /// <summary>
    /// WAIT with nothing to take. Under instruction-driven time (deterministic), when the CP0 timer is the
    /// only thing that can end the wait, jump guest time forward to the Compare match instead of burning host
    /// time; otherwise sleep until a device raises a line or a stop arrives. Under host time,
    /// <see cref="IdleOnHostTime"/>. Returns false (without sleeping) when the run is bounded and only a device
    /// could end the wait.
    /// </summary>
    private bool Idle(bool bounded)
    {
        var status = _cp0.Status;
        var timerCanWake = (status & Cp0Bits.CauseIP7 & Cp0Bits.StatusIM) != 0
                           && (status & (Cp0Bits.StatusIE | Cp0Bits.StatusEXL | Cp0Bits.StatusERL)) == Cp0Bits.StatusIE;
        if (!timerCanWake && bounded)
        {
            return false;
        }
        if (HostPacer is { } pacer)
        {
            IdleOnHostTime(pacer, timerCanWake);
            return true;
        }
        if (timerCanWake)
        {
            SkipIdleCycles(CyclesUntilTimer());
            return true;
        }
        BatchTick?.Invoke(true);
        TraceBlock();
        Sleep(50);
        TraceWake();
        return true;
    }

    /// <summary>
    /// WAIT under host time (kvm_vcpu_block; QEMU halts the vCPU until its timer fires): sleep until host time reaches
    /// the next Compare match, or a device line or a stop wakes the vCPU. Guest time is host time, so nothing is
    /// skipped, except that a sleep that timed out on the deadline ends at the timer event even if the host's timer
    /// fired up to a millisecond early (sleeps are capped, so a far deadline is not reached this way).
    /// </summary>
    private void IdleOnHostTime(HostTimePacer pacer, bool timerCanWake)
    {
        var deadline = timerCanWake ? Cycles + CyclesUntilTimer() : long.MaxValue;
        var ms = timerCanWake ? pacer.MillisecondsUntil(deadline) : HostTimePacer.MaxSleepMilliseconds;
        var timedOut = true;
        if (ms != 0)
        {
            BatchTick?.Invoke(true);
            TraceBlock();
            timedOut = !Sleep(ms);
            TraceWake();
        }
        var now = Cycles;
        if (timedOut && timerCanWake && now < deadline && deadline - now <= pacer.CyclesPerSecond / 1000)
        {
            pacer.Anchor(deadline);
        }
    }

    /// <summary>
    /// Blocks the vCPU thread until it is woken (a device line, a stop, a boundary poke) or the timeout passes; true
    /// when woken. Asleep outside guest mode, so flushers need not wait for this vCPU (kvm_vcpu_block).
    /// </summary>
    private bool Sleep(int milliseconds) => _requests.Sleep(milliseconds);

    /// <summary>
    /// Raises or lowers hardware interrupt line <paramref name="line"/> (0..5 = Cause.IP2..IP7).
    /// Any thread; takes effect at the vCPU's next batch boundary.
    /// </summary>
    public void SetIrqLine(int line, bool asserted)
    {
        var bit = 1 << line;
        int old, updated;
        do
        {
            old = _irqLines;
            updated = asserted ? old | bit : old & ~bit;
        }
        while (Interlocked.CompareExchange(ref _irqLines, updated, old) != old);
        if (old != updated)
        {
            TraceIrqLine(line, asserted);
        }
        if (asserted)
        {
            _requests.Wake();
        }
    }

    // Hardware interrupt lines IP2..IP7 as bits 0..5; written by device threads (see SetIrqLine).
    private int _irqLines;

    /// <summary>Cause as software sees it: stored bits plus live hardware lines and the timer on IP7.</summary>
    private uint CauseValue()
    {
        var cause = (_cp0.Cause & ~0xfc00u) | ((uint)Volatile.Read(ref _irqLines) << 10);
        if ((cause & Cp0Bits.CauseTI) != 0)
        {
            cause |= Cp0Bits.CauseIP7;
        }
        return cause;
    }
}
