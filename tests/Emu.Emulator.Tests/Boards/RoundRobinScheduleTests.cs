using System.Buffers.Binary;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Cpu;
using Emu.Emulator.Loaders;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Boards;

/// <summary>
/// The deterministic interleaving of vCPUs (<see cref="RoundRobinSchedule"/> in <see cref="VcpuRunner"/>): where turns
/// end and whom they pass to, and two vCPUs racing on one word (a non-atomic increment each, so the result depends on
/// exactly where turns change) ending in the same state every time, with the instruction counts the order defines.
/// </summary>
public class RoundRobinScheduleTests
{
    private const uint Entry = 0x80100000;

    [Fact]
    public void ATurn_EndsAtTheNextMultipleOfTheQuantum_OfTheVcpusOwnCount()
    {
        var s = new RoundRobinSchedule(3, 100);
        Assert.Equal(100, s.TurnEnd(0));
        Assert.Equal(100, s.TurnEnd(99));
        Assert.Equal(200, s.TurnEnd(100)); // a turn that starts at a multiple runs a whole quantum
        Assert.Equal(300, s.TurnEnd(250)); // resumed mid-turn (after a stop, or a WAIT that passed the turn): same end
    }

    [Fact]
    public void TheTurn_PassesInIndexOrder_AndAVcpuOutOfTurnDoesNotTakeIt()
    {
        var s = new RoundRobinSchedule(3, 100);
        s.Pass(0, progress: true, _ => true);
        Assert.Equal(1, s.Turn);
        // vCPU 1 holds the turn but is parked (gdb resumed only the others): vCPU 2 executes out of turn, and only the
        // end of its own turn moves the turn on, among the running vCPUs.
        Assert.Equal(2, s.Executing(i => i != 1));
        s.Pass(2, progress: true, i => i != 1);
        Assert.Equal(0, s.Turn);
        // The holder passes in index order even to a parked vCPU: the order stays that of a plain run.
        s.Pass(0, progress: true, i => i != 1);
        Assert.Equal(1, s.Turn);
        Assert.False(s.AllIdle);
        for (var i = 0; i < 3; i++)
        {
            s.Pass(s.Turn, progress: false, _ => true);
        }
        Assert.True(s.AllIdle);
        s.Pass(s.Turn, progress: true, _ => true);
        Assert.False(s.AllIdle);
    }

    /// <summary>Both vCPUs: lw, addiu, sw on one word forever (an increment that loses updates when turns change inside it).</summary>
    private static Machine RacingMachine(long quantum)
    {
        uint[] program =
        [
            Lui(T0, 0x8020),
            Lw(T1, T0, 0), Addiu(T1, T1, 1), Sw(T1, T0, 0), Beq(Zero, Zero, -4), Nop,
        ];
        var code = new byte[program.Length * 4];
        for (var i = 0; i < program.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(i * 4), program[i]);
        }
        var image = new ElfImage(true, Entry, [new ElfSegment(0x00100000, Entry, code, 0x1000)]) { Name = "race" };
        return Machine.FromKernel(image, new KernelBoot("race", "", null),
            new MachineOptions { RamSize = 16u << 20, Vcpus = 2, SmpOrder = SmpOrder.RoundRobin, SmpQuantum = quantum });
    }

    [Theory]
    [InlineData(1000, 10_000)]
    [InlineData(1000, 10_500)]
    [InlineData(7, 5_000)]
    public void TwoVcpusRacing_EndInTheSameState_WithTheCountsTheOrderDefines(long quantum, long limit)
    {
        var hashes = new List<string>();
        for (var run = 0; run < 2; run++)
        {
            using var m = RacingMachine(quantum);
            Assert.Equal(StopReason.InstructionLimit, m.Run(limit));
            // vCPU 0 ends the run when it holds the turn at the limit: at a turn end it first passes the turn and vCPU 1
            // runs its whole turn; mid-turn, vCPU 1 stays at its last turn end.
            Assert.Equal(limit, m.Cpus[0].InstructionsRetired);
            Assert.Equal(limit / quantum * quantum, m.Cpus[1].InstructionsRetired);
            Assert.Equal(0, m.Runner.Schedule!.Turn);
            hashes.Add(m.StateHash());
        }
        Assert.Equal(hashes[0], hashes[1]);
    }

    [Fact]
    public void ASnapshot_KeepsTheTurn_SoLoadingItRepeatsTheSameContinuation()
    {
        using var m = RacingMachine(1000);
        Assert.Equal(StopReason.InstructionLimit, m.Run(10_500));
        using var snapshot = m.SaveSnapshot("mid");
        Assert.Equal(StopReason.InstructionLimit, m.Run(3_000));
        var first = m.StateHash();
        m.Runner.Schedule!.Turn = 1; // the loaded snapshot must put vCPU 0 back in its turn
        m.LoadSnapshot(snapshot);
        Assert.Equal(0, m.Runner.Schedule.Turn);
        Assert.Equal(StopReason.InstructionLimit, m.Run(3_000));
        Assert.Equal(first, m.StateHash());
    }
}
