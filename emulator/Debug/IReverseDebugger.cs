namespace Emu.Emulator.Debug;

/// <summary>What a reverse step or continue did: the stop to report, or that history begins here.</summary>
public sealed record ReverseResult(DebugStop Stop, bool BeginningOfHistory, string? Error = null);

/// <summary>
/// Going backwards for a debugger (RSP bs/bc: gdb's reverse-stepi and reverse-continue, and through them
/// reverse-next and reverse-finish). Called while every vCPU is stopped. Implemented by
/// <see cref="Snapshot.ReverseExecution"/> over the machine's automatic snapshots.
/// <para>Both may take long (a search replays the whole history). <c>interrupt</c> is the debugger's Ctrl-C: once it is
/// cancelled the operation stops at the next batch boundary of the replay and reports a
/// <see cref="DebugStopKind.Interrupt"/> stop there, a point of the past as it ran (not in a delay slot), which gdb
/// may step or continue from, forwards or backwards.</para>
/// <para>The stop reported (also a beginning of history) becomes the machine's last stop (RSP "?").</para>
/// </summary>
public interface IReverseDebugger
{
    /// <summary>
    /// RSP bs: back one instruction of vCPU <paramref name="vcpu"/> (the thread gdb resumes: Hc, else Hg), to the
    /// branch when that lands in a delay slot. With several vCPUs the other vCPUs go back to where they were then.
    /// </summary>
    ReverseResult StepBack(int vcpu, CancellationToken interrupt = default);

    /// <summary>RSP bc: back to the last breakpoint or watchpoint hit before now, or to the start of history.</summary>
    ReverseResult ContinueBack(CancellationToken interrupt = default);
}
