using System.Buffers.Binary;
using System.Collections.Concurrent;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Boards.Malta;
using Emu.Emulator.Cpu;
using Emu.Emulator.Debug;
using Emu.Emulator.Loaders;
using static Emu.Emulator.Tests.Infrastructure.Asm;

namespace Emu.Emulator.Tests.Boards;

/// <summary>
/// The machine's one run loop (<see cref="VcpuRunner"/>) with a guest that reboots the board at once (a -kernel
/// image that writes 0x42 to Malta SOFTRES, so each SOFTRES is a board reset): the instruction limit, pauses,
/// ends and a debugger's stops, the same loop with and without a stop policy.
/// </summary>
public class VcpuRunnerTests
{
    private const uint Entry = 0x80100000;

    /// <summary>A few ALU instructions, then SOFTRES = 0x42 (a reboot), then a spin the reset never lets finish.</summary>
    private static Machine RebootingMachine(int vcpus = 1, bool rebootResets = true) => Build(
        [
            Lui(T0, 0xbf00), Ori(T1, Zero, 0x42), Addiu(T2, T2, 1), Addiu(T2, T2, 1),
            Sb(T1, T0, 0x500),
            Beq(Zero, Zero, -1), Nop,
        ], vcpus, rebootResets);

    /// <summary>A guest that only spins: nothing but the test ends or stops it (no reboot can race a report).</summary>
    private static Machine SpinningMachine() => Build([Beq(Zero, Zero, -1), Nop], 1, true);

    private static Machine Build(uint[] program, int vcpus, bool rebootResets)
    {
        var code = new byte[program.Length * 4];
        for (var i = 0; i < program.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(code.AsSpan(i * 4), program[i]);
        }
        var image = new ElfImage(true, Entry, [new ElfSegment(0x00100000, Entry, code, 0x1000)]) { Name = "reboot" };
        return Machine.FromKernel(image, new KernelBoot("reboot", "", null), new MachineOptions { RamSize = 16u << 20, Vcpus = vcpus, RebootResets = rebootResets });
    }

    /// <summary>A stop policy that records what the runner reports.</summary>
    private sealed class RecordingPolicy : IVcpuStopPolicy
    {
        public BlockingCollection<DebugStop> Reports { get; } = [];

        public SingleStepFlags StepFlags => SingleStepFlags.Default;

        public void PrepareToRun(Mips32Cpu cpu)
        {
        }

        public void Report(DebugStop stop) => Reports.Add(stop);

        public DebugStop Next()
        {
            Assert.True(Reports.TryTake(out var stop, TimeSpan.FromSeconds(30)), "no stop was reported");
            return stop;
        }
    }

    /// <summary>Machine.Run on a thread of its own (vCPU 0 runs there), as the gdb stub's host runs it.</summary>
    private sealed class RunThread
    {
        private readonly Thread _thread;

        public RunThread(Machine m)
        {
            _thread = new Thread(() => Reason = m.Run()) { IsBackground = true };
            _thread.Start();
        }

        public StopReason? Reason { get; private set; }

        public bool Join() => _thread.Join(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void InstructionLimit_CountsAcrossGuestResets()
    {
        using var m = RebootingMachine();

        var reason = m.Run(20_000);

        Assert.Equal(StopReason.InstructionLimit, reason);
        Assert.Equal(20_000, m.Cpu.InstructionsRetired);
        Assert.True(m.Resets > 100, $"{m.Resets} resets"); // a boot is a few dozen instructions
    }

    [Fact]
    public void NoReboot_SoftresEndsTheRunAsAHalt()
    {
        using var m = RebootingMachine(vcpus: 2, rebootResets: false);

        Assert.Equal(StopReason.Halted, m.Run(1_000_000));
        Assert.Equal(0, m.Resets);
        Assert.True(m.Runner.Halted);
    }

    [Fact]
    public void GuestReset_WhileADebuggerWaits_StopsEveryVcpuAtTheResetVector_AndIsReportedOnce()
    {
        using var m = RebootingMachine(vcpus: 2);
        var policy = new RecordingPolicy();
        m.Runner.Attach(policy, startHalted: true);
        var run = new RunThread(m);

        m.Runner.Resume([VcpuAction.Continue, VcpuAction.Continue], reportStop: true);
        var stop = policy.Next();

        Assert.Equal(DebugStopKind.Reset, stop.Kind);
        Assert.True(m.Runner.AllParked);
        Assert.Equal(1, m.Resets);
        Assert.All(m.Cpus, cpu => Assert.Equal(MaltaMemoryMap.ResetVector, cpu.Pc));
        Assert.Equal(stop, m.Runner.LastStop);

        // The next resume boots again, and the next reboot is the next report.
        m.Runner.Resume([VcpuAction.Continue, VcpuAction.Continue], reportStop: true);
        Assert.Equal(DebugStopKind.Reset, policy.Next().Kind);
        Assert.Equal(2, m.Resets);

        m.Runner.End();
        Assert.True(run.Join());
        Assert.Equal(StopReason.StopRequested, run.Reason);
        Assert.Empty(policy.Reports); // nobody waited for the end
    }

    [Fact]
    public void GuestReset_WithNobodyWaiting_RunsOn_AndAStepReportsTheReset()
    {
        using var m = RebootingMachine();
        var policy = new RecordingPolicy();
        m.Runner.Attach(policy, startHalted: false);
        var run = new RunThread(m);

        // Running without a resume owed a report (no -S, or after a detach): reboots do not stop the machine.
        while (m.Resets < 3)
        {
            Thread.Yield();
        }
        Assert.True(m.Runner.Pause(TimeSpan.FromSeconds(30)));
        Assert.Empty(policy.Reports);
        var resets = m.Resets;

        // Step until the SOFTRES store: the step that resets reports the reset, not a step.
        DebugStop stop;
        do
        {
            m.Runner.Resume([VcpuAction.Step], reportStop: true);
            stop = policy.Next();
        }
        while (stop.Kind == DebugStopKind.Step);
        Assert.Equal(DebugStopKind.Reset, stop.Kind);
        Assert.Equal(resets + 1, m.Resets);
        Assert.Equal(MaltaMemoryMap.ResetVector, m.Cpu.Pc);

        m.Runner.End();
        Assert.True(run.Join());
    }

    [Fact]
    public void End_WhileADebuggerWaits_IsReportedAsTheMachineGone()
    {
        // A spinning guest: with a rebooting one, a reboot could be reported (SIGPWR) before the end (failed 1 CI run).
        using var m = SpinningMachine();
        var policy = new RecordingPolicy();
        m.Runner.Attach(policy, startHalted: true);
        var run = new RunThread(m);
        // Continue without a report (a detach), then let a debugger wait for a stop that never comes by itself.
        m.Runner.Resume([VcpuAction.Continue], reportStop: false);
        Assert.True(m.Runner.Pause(TimeSpan.FromSeconds(30)));
        m.Runner.Resume([VcpuAction.Continue], reportStop: true);

        m.Runner.End();

        Assert.Equal(DebugStopKind.Halted, policy.Next().Kind);
        Assert.True(run.Join());
        Assert.Equal(StopReason.StopRequested, run.Reason);
    }

    [Fact]
    public void End_BeforeTheRun_EndsTheNextRunAtOnce()
    {
        using var m = RebootingMachine(vcpus: 2);

        m.RequestStop();

        Assert.Equal(StopReason.StopRequested, m.Run());
        Assert.All(m.Cpus, cpu => Assert.Equal(0, cpu.InstructionsRetired));
    }
}
