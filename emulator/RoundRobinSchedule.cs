namespace Emu.Emulator;

/// <summary>How the vCPUs of a multi-vCPU machine share guest time (<c>--smp-order</c>).</summary>
public enum SmpOrder
{
    /// <summary>One host thread per vCPU, all running at once: fastest, but the interleaving depends on the host.</summary>
    Free,

    /// <summary>
    /// vCPUs take turns in quanta of their own retired instructions (<see cref="RoundRobinSchedule"/>): the run is a
    /// function of the images, the inputs and the quantum. Needed by --record, --replay and reverse execution.
    /// </summary>
    RoundRobin,
}

/// <summary>
/// The deterministic interleaving of a multi-vCPU machine (<c>--smp-order round-robin</c>; what --record, --replay,
/// --snapshot-every and reverse execution use with <c>--smp N&gt;1</c>), as QEMU's single-threaded TCG round-robin
/// (tcg-accel-ops-rr.c: one vCPU at a time, in index order, each until its slice ends) but with the slice counted in
/// guest instructions, not host time, as QEMU's -icount does. The order, exactly:
/// <list type="number">
/// <item>One vCPU at a time holds the turn (<see cref="Turn"/>); the others do not execute. vCPU 0 holds it first
/// (at power-on and after every board reset).</item>
/// <item>A turn ends when the holder's own retired-instruction count reaches the next multiple of
/// <see cref="Quantum"/> above the count it had when the turn (re)started (<see cref="TurnEnd"/>): so the holder of a
/// turn interrupted by a debugger stop, a snapshot or an input delivery runs on to the same count when resumed, and
/// where turns end does not depend on how the run was stopped and started.</item>
/// <item>A holder in WAIT that nothing but a device line can wake (its CP0 timer masked) ends its turn early with
/// the instructions it has; a holder whose CP0 timer can wake it skips idle cycles to the timer inside its turn, as
/// a single vCPU does under <c>--clock insns</c>. If a whole round passes with every vCPU in such a WAIT, the host
/// sleeps briefly between turns (no guest-visible time passes: only input can change anything).</item>
/// <item>The turn then passes to the next vCPU in index order (wrapping to 0).</item>
/// <item>While the holder is parked and others run (gdb resumed only some threads; a vCPU at its instruction budget),
/// the first running vCPU after it executes out of turn; the turn stays where it was unless that vCPU's own turn
/// ends, in which case it passes on among the running vCPUs. gdb resumes one thread alone to step it off a breakpoint
/// it stopped at: that thread held the turn (it was executing) and, if its step ends the turn, runs no further
/// instruction out of turn before gdb resumes everyone, so such steps leave the order as a plain run has it. A user's
/// <c>set scheduler-locking on</c> does change the order (the past that reverse execution replays is then not the
/// run as the debugger made it, as with a register written by the debugger).</item>
/// </list>
/// Guest time stays per vCPU (each vCPU's Count/Compare runs on its own retired instructions plus its idle
/// cycles); the board's devices (RTC, PIT) read vCPU 0's clock, which does not move while vCPU 0 waits for its turn.
/// External stops (Ctrl-C, SIGTERM, the monitor's stop, gdb's interrupt) are taken by vCPU 0 at its next batch
/// boundary while it holds the turn, so every such stop, and every input event (delivered at vCPU 0's boundaries),
/// is a position of vCPU 0: the recording's input timestamps and its end count are vCPU 0's.
/// </summary>
/// <remarks>
/// Guarded by the <see cref="VcpuRunner"/>'s lock while the vCPU threads run; read and written by the machine's
/// snapshot code and by reverse execution only while every vCPU is parked.
/// </remarks>
public sealed class RoundRobinSchedule
{
    /// <summary>The default quantum: QEMU's round-robin gives a vCPU a 10 ms slice; Emu gives one of the interpreter's
    /// batches a few times over, short enough that a vCPU spinning on a lock another one holds wastes little.</summary>
    public const long DefaultQuantum = 16384;

    public RoundRobinSchedule(int vcpus, long quantum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vcpus, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantum, 1);
        Vcpus = vcpus;
        Quantum = quantum;
    }

    public int Vcpus { get; }

    /// <summary>Guest instructions of one vCPU's turn.</summary>
    public long Quantum { get; }

    /// <summary>The vCPU that holds the turn (see the class summary).</summary>
    public int Turn { get; set; }

    /// <summary>Consecutive turns that ended in WAIT without any progress (no instruction, cycle or exception).</summary>
    public int IdleTurns { get; private set; }

    /// <summary>Every vCPU waited through its last turn without progress: nothing changes until input arrives.</summary>
    public bool AllIdle => IdleTurns >= Vcpus;

    /// <summary>The count at which a turn that (re)starts at <paramref name="retired"/> instructions ends.</summary>
    public long TurnEnd(long retired) => ((retired / Quantum) + 1) * Quantum;

    /// <summary>
    /// vCPU <paramref name="vcpu"/>'s turn is over: the next vCPU in index order holds it; if <paramref name="vcpu"/> ran
    /// out of turn (the holder parked), the next one after it for which <paramref name="running"/> holds.
    /// </summary>
    public void Pass(int vcpu, bool progress, Func<int, bool> running)
    {
        IdleTurns = progress ? 0 : IdleTurns + 1;
        Turn = vcpu == Turn ? (Turn + 1) % Vcpus : Next(vcpu, running);
    }

    /// <summary>Who executes now: the holder, or while it is parked the first running vCPU after it.</summary>
    public int Executing(Func<int, bool> running) => Next(Turn, running, includeFrom: true);

    /// <summary>The first vCPU at or after <paramref name="from"/> (cyclically) that is runnable; <paramref name="from"/> if none is.</summary>
    public int Next(int from, Func<int, bool> runnable, bool includeFrom = false)
    {
        for (var k = includeFrom ? 0 : 1; k <= Vcpus; k++)
        {
            var i = (from + k) % Vcpus;
            if (runnable(i))
            {
                return i;
            }
        }
        return from;
    }

    /// <summary>Power-on order (a board reset): vCPU 0 first.</summary>
    public void Reset()
    {
        Turn = 0;
        IdleTurns = 0;
    }

    /// <summary>Snapshot state: who holds the turn (the idle count only paces the host and is not guest state).</summary>
    internal void Save(BinaryWriter w) => w.Write(Turn);

    internal void Load(BinaryReader r)
    {
        Turn = r.ReadInt32();
        IdleTurns = 0;
        if (Turn < 0 || Turn >= Vcpus)
        {
            throw new InvalidDataException("the snapshot's round-robin turn names no vCPU of this machine");
        }
    }
}
