using System.Runtime.CompilerServices;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cp0.Tlb;
using Emu.Emulator.Debug;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The vCPU side of debugging (<see cref="ICpuDebugTarget"/>; run by <see cref="VcpuRunner"/> under a
/// <see cref="DebugController"/>).
/// </summary>
/// <remarks>
/// Cost when no debug point is set: nothing per instruction. Breakpoints are decoded-code entries: when a
/// slot is decoded at a PC that holds a breakpoint, its op becomes <see cref="DebugTrapOp"/>, a case of
/// the interpreter's switch; slots of changed breakpoints are invalidated so they decode again.
/// Watchpoints keep watched pages out of the GvaCache, so every access to them takes the slow path
/// (<c>Access</c>), where the check lives. All fields here are touched by the vCPU thread only (a debugger's
/// stop is a plain <see cref="RequestStop"/> from the runner).
/// Known limit: a breakpoint on a virtual page that the guest remaps to an already-decoded physical
/// page after the breakpoint was set is not seen until that slot is decoded again.
/// </remarks>
public sealed unsafe partial class Mips32Cpu : ICpuDebugTarget
{
    /// <summary>Decoded op of a slot whose PC holds a breakpoint (outside <see cref="InstName"/>'s range).</summary>
    internal const InstName DebugTrapOp = (InstName)0xff;

    /// <summary>Null until a debugger is attached: the slow-path hooks test this one field.</summary>
    private DebugPoints? _debugPoints;
    private bool _debugSuppressBreakpoints;
    private bool _debugSuppressWatchpoints;
    private DebugStop? _debugHit;

    /// <summary>0-based vCPU number; set by the machine or the debug controller.</summary>
    public int VcpuIndex { get; set; }

    /// <summary>Run() returns <see cref="StopReason.Debug"/> at the next batch boundary while this holds (a debug point hit).</summary>
    private bool DebugStopPending
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _debugHit is not null;
    }

    internal void AttachDebugger() => _debugPoints ??= DebugPoints.Empty;

    /// <summary>The vCPU sits in WAIT (vCPU thread, or while parked).</summary>
    internal bool DebugInWait => _waiting;

    /// <summary>
    /// Runner, while this vCPU is parked: drops a stop request aimed at an earlier run (a board reset consumed it,
    /// or the vCPU parked for another reason first).
    /// </summary>
    internal void ClearStopRequest() => _requests.TakeStop();

    /// <summary>
    /// Someone wants this vCPU out of Run (the runner's stop request): the memory front door's waits
    /// watch this, as KVM_RUN returns -EINTR when a signal is pending instead of blocking on.
    /// </summary>
    public bool ExitRequestPending => _requests.StopPending;

    /// <summary>
    /// A page lookup of the executing instruction failed (<see cref="MapGuestPage"/>). If it failed because
    /// the wait for a refused host page gave way to a stop/pause request, the instruction must not retire
    /// nor raise anything: it is un-counted (the batch counts it as executed) and runs again, from the same
    /// PC and delay-slot state (already synced), when the vCPU resumes. True: the caller ends the batch.
    /// </summary>
    private bool AbandonForExitRequest()
    {
        if (!ExitRequestPending)
        {
            return false;
        }
        _instret--;
        return true;
    }

    internal DebugStop? TakeDebugHit()
    {
        var hit = _debugHit;
        _debugHit = null;
        _instretNow = _instret; // CP0 Count/Random reads by the debugger see the stop point
        return hit;
    }

    /// <summary>vCPU thread, while resuming: switch to a new set of debug points.</summary>
    internal void ApplyDebugPoints(DebugPoints points)
    {
        var old = _debugPoints ?? DebugPoints.Empty;
        if (ReferenceEquals(old, points))
        {
            return;
        }
        _debugPoints = points;
        // Slots of added and removed breakpoints decode again (and become or stop being traps).
        foreach (var pc in old.BreakpointAddresses.Concat(points.BreakpointAddresses))
        {
            if (Translate(pc, write: false, user: false, out var pa, out _) == TranslateResult.Match)
            {
                _codeCache.InvalidateRange(pa, 4);
            }
        }
        if (old.HasWatchpoints || points.HasWatchpoints)
        {
            // Drop every cached translation so watched pages are looked up (and refused) again.
            _gvaCache.FlushAll();
        }
    }

    /// <summary>
    /// Executes exactly one instruction (RSP s). The instruction at the PC runs even if it holds a
    /// breakpoint (a step or resume from a breakpoint must make progress); with
    /// <paramref name="suppressWatchpoints"/> also when it touches a watched range (resume after a watch
    /// stop), otherwise a step onto a watched access reports the watchpoint first, as QEMU does.
    /// Interrupts are not taken when <see cref="SingleStepFlags.NoIrq"/> is set (QEMU's default).
    /// NOTIMER needs nothing: guest time follows retired instructions, so a step advances it by one.
    /// A vCPU idle in WAIT counts the step as a wake-up (the instruction after WAIT runs).
    /// </summary>
    internal StopReason DebugStepOne(bool suppressWatchpoints, SingleStepFlags flags)
    {
        if (HaltRequested)
        {
            return StopReason.Halted;
        }
        // The step uses derived mappings: run it in guest mode, so flushers wait for it (and a pending flush
        // is applied first), exactly as a batch in Run.
        EnterGuestMode();
        try
        {
            return StepInGuestMode(suppressWatchpoints, flags);
        }
        finally
        {
            ExitGuestMode();
        }
    }

    private StopReason StepInGuestMode(bool suppressWatchpoints, SingleStepFlags flags)
    {
        // The guest-time hook (Mips32Cpu.Boundary.cs: snapshots, replayed input) runs where the run loop runs it: at
        // the boundary, and again after an interrupt is taken there.
        if (BoundaryDue)
        {
            RunBoundaryHook();
        }
        UpdateTimer();
        if ((flags & SingleStepFlags.NoIrq) == 0 && InterruptDeliverable())
        {
            ExceptionDispatcher.Raise(this, ExcCode.Int);
            if (_debugHit is not null)
            {
                return StopReason.InstructionLimit; // a caught interrupt: stop at its vector, run nothing
            }
            if (BoundaryDue)
            {
                RunBoundaryHook();
            }
        }
        _waiting = false;
        _debugSuppressBreakpoints = true;
        _debugSuppressWatchpoints = suppressWatchpoints;
        try
        {
            var executed = BigEndian ? Execute<BigEndian, WholeBatch>(1) : Execute<LittleEndian, WholeBatch>(1);
            _instret += executed;
        }
        finally
        {
            _debugSuppressBreakpoints = false;
            _debugSuppressWatchpoints = false;
        }
        return HaltRequested ? StopReason.Halted : StopReason.InstructionLimit;
    }

    /// <summary>Decode hook: is the slot being decoded at <paramref name="pc"/> a breakpoint?</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool DebugBreakpointAt(uint pc) => _debugPoints is { HasBreakpoints: true } p && p.IsBreakpoint(pc);

    /// <summary>
    /// Executed a <see cref="DebugTrapOp"/> slot. True: stop before the instruction (state is synced).
    /// False: a breakpoint on another virtual alias of the page, a removed one, or a suppressed one;
    /// the caller executes the original instruction.
    /// </summary>
    private bool DebugTrapHit(uint pc)
    {
        if (_debugSuppressBreakpoints || _debugPoints is not { } p || !p.IsBreakpoint(pc))
        {
            return false;
        }
        _debugHit = new DebugStop(DebugStopKind.Breakpoint, VcpuIndex, p.BreakpointKind(pc), pc);
        return true;
    }

    /// <summary>
    /// Slow-path data access hook: true when the access hits a watchpoint; the access must not happen
    /// and the instruction not retire (gdb: MIPS watchpoints are non-continuable, stop before).
    /// </summary>
    private bool DebugWatchHit(uint va, int size, AccessKind kind)
    {
        if (_debugSuppressWatchpoints || _debugPoints is not { HasWatchpoints: true } p)
        {
            return false;
        }
        var write = kind is AccessKind.Write or AccessKind.ReadForWrite;
        if (p.FindWatch(va, (uint)size, write) is not { } w)
        {
            return false;
        }
        var hitAddress = Math.Max(va, w.Address);
        _debugHit = new DebugStop(DebugStopKind.Watchpoint, VcpuIndex, w.Kind, hitAddress);
        // The batch counts the load/store as executed; it has not happened and runs again on resume.
        _instret--;
        if (_s->InDelaySlot != 0)
        {
            // A watch hit in a delay slot is reported on the branch, as the hardware reports an exception
            // there (EPC = branch, Cause.BD; MIPS32 PRA §6.2.1; the WATCH exception is one). Resuming
            // re-executes the branch, which only reads registers the slot has not yet changed (or links
            // the same return address again) and then the slot. gdb needs this: it steps over a stop with
            // software single-step under its default osabi, and from the branch it knows both successors
            // (from the slot it would plant pc+4, which a taken branch never reaches, and lose the stop).
            Pc = _s->Pc - 4;
            _instret--; // the branch retires again
        }
        return true;
    }

    /// <summary>
    /// ExceptionDispatcher hook, after the exception is taken (PC at the vector, EPC/Cause/BadVAddr set):
    /// a caught code stops the vCPU there (monitor catch). The caller's batch ends after any exception, so
    /// the stop is honoured before a single handler instruction runs.
    /// </summary>
    internal void DebugExceptionTaken(ExcCode code)
    {
        if (_debugPoints is { CatchMask: not 0 } p && p.Catches(code) && _debugHit is null)
        {
            _debugHit = new DebugStop(DebugStopKind.Exception, VcpuIndex, Address: _cp0.Epc, Exception: code);
        }
    }

    /// <summary>GvaCache fill hook: watched pages stay out of the cache (see remarks).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool DebugWatchesPage(uint va) => _debugPoints is { HasWatchpoints: true } p && p.WatchesPage(va);

    // ---- ICpuDebugTarget ----

    public TranslateResult DebugTranslate(uint va, bool write, out uint pa) =>
        Translate(va, write, user: false, out pa, out _);

    public int ReadMemory(uint address, Span<byte> destination, bool physical)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var va = address + (uint)done;
            var pa = va;
            if (!physical && DebugTranslate(va, write: false, out pa) != TranslateResult.Match)
            {
                break;
            }
            var n = Math.Min(destination.Length - done, 4096 - (int)(pa & 0xfff));
            if (!_memory.TryReadGuest(pa, destination.Slice(done, n)))
            {
                break; // MMIO or nothing: a debugger read must not have device side effects
            }
            done += n;
        }
        return done;
    }

    public int WriteMemory(uint address, ReadOnlySpan<byte> source, bool physical)
    {
        var done = 0;
        while (done < source.Length)
        {
            var va = address + (uint)done;
            var pa = va;
            if (!physical && DebugTranslate(va, write: false, out pa) != TranslateResult.Match)
            {
                break;
            }
            // kvm_write_guest: breaks host sharing, marks the page in the dirty log.
            var n = Math.Min(source.Length - done, 4096 - (int)(pa & 0xfff));
            if (!_memory.TryWriteGuest(pa, source.Slice(done, n)))
            {
                break;
            }
            _codeCache.InvalidateRange(pa, (uint)n);
            done += n;
        }
        return done;
    }

    public string DescribeState()
    {
        var status = _cp0.Status;
        var level = (status & Cp0Bits.StatusERL) != 0 ? "ERL" : (status & Cp0Bits.StatusEXL) != 0 ? "EXL" : IsUserMode ? "user" : "kernel";
        var slot = InDelaySlot ? ", in delay slot" : "";
        var wait = _waiting ? ", in WAIT" : "";
        return $"cpu{VcpuIndex} stopped, {level}, pc=0x{Pc:x8}{slot}{wait}";
    }
}
