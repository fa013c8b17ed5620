namespace Emu.Emulator.Debug;

/// <summary>What a reverse step or continue did: the stop to report, or that history begins here.</summary>
public sealed record ReverseResult(DebugStop Stop, bool BeginningOfHistory, string? Error = null);

/// <summary>
/// Going backwards for a debugger (RSP bs/bc: gdb's reverse-stepi and reverse-continue, and through them
/// reverse-next and reverse-finish). Called while every vCPU is stopped. Implemented by
/// <see cref="Snapshot.ReverseExecution"/> over the machine's automatic snapshots.
/// </summary>
public interface IReverseDebugger
{
    /// <summary>
    /// RSP bs: back one instruction of vCPU <paramref name="vcpu"/> (the thread gdb resumes: Hc, else Hg), to the
    /// branch when that lands in a delay slot. With several vCPUs the other vCPUs go back to where they were then.
    /// </summary>
    ReverseResult StepBack(int vcpu);

    /// <summary>RSP bc: back to the last breakpoint or watchpoint hit before now, or to the start of history.</summary>
    ReverseResult ContinueBack();
}
