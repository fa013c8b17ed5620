namespace Emu.Emulator.Cpu;

/// <summary>
/// What a guest-time hook is told and answers: called on the vCPU thread, outside guest mode, at an instruction
/// boundary of <see cref="Mips32Cpu.Run"/>. Returns the next instruction count at which it wants to be called
/// (<see cref="long.MaxValue"/>: only when poked).
/// </summary>
public interface IBoundaryHook
{
    long AtBoundary(Mips32Cpu cpu);
}

/// <summary>
/// The run loop's guest-time hook (automatic snapshots, recording and replaying input): <see cref="Run"/> ends its
/// batch exactly at the armed instruction count and calls the hook there, or at the next batch
/// boundary after <see cref="PokeBoundary"/>. The hook sits at the top of the loop, before the timer and interrupt
/// checks, and the loop goes on after it through those checks, so injected input is seen exactly as a device
/// line raised at that instruction boundary. Extra batch boundaries do not change what the guest does: interrupts
/// are sampled only where a batch would also see them (Mips32Cpu.Run.cs: line changes end the batch, the CP0
/// timer bounds it).
/// </summary>
/// <remarks>
/// <see cref="_boundaryAt"/>: vCPU thread, or while stopped. <see cref="_boundaryPoke"/>: any thread (a request flag,
/// like a stop request).
/// </remarks>
public sealed unsafe partial class Mips32Cpu
{
    private long _boundaryAt = long.MaxValue;
    private volatile bool _boundaryPoke;
    private IBoundaryHook? _boundaryHook;

    /// <summary>The hook, and the first instruction count it wants (set while the vCPU is stopped).</summary>
    public void SetBoundaryHook(IBoundaryHook? hook, long firstAt)
    {
        _boundaryHook = hook;
        _boundaryAt = hook is null ? long.MaxValue : firstAt;
    }

    /// <summary>Any thread: call the hook at the next batch boundary (wakes a vCPU idle in WAIT).</summary>
    public void PokeBoundary()
    {
        _boundaryPoke = true;
        _requests.Wake();
    }

    /// <summary>Instructions the next batch may run before the hook's instruction count (at least 1).</summary>
    private long InstructionsToBoundary => Math.Max(1, _boundaryAt - _instret);

    private bool BoundaryDue => _instret >= _boundaryAt || _boundaryPoke;

    /// <summary>Run loop: call the hook, outside guest mode (it may snapshot the machine, which flushes every vCPU).</summary>
    private void RunBoundaryHook()
    {
        _boundaryPoke = false;
        if (_boundaryHook is not { } hook)
        {
            _boundaryAt = long.MaxValue;
            return;
        }
        _instretNow = _instret;
        ExitGuestMode();
        try
        {
            _boundaryAt = hook.AtBoundary(this);
        }
        finally
        {
            EnterGuestMode();
        }
    }
}
