using System.Diagnostics.Tracing;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;
using Emu.Emulator.Tests.Infrastructure;
using Emu.Tracing.Tests.Infrastructure;
using static Emu.Emulator.Tests.Infrastructure.Asm;
using static Emu.Tracing.EmuKvmEventSource;

namespace Emu.Tracing.Tests.InProcess;

/// <summary>The interpreter emits exactly the events its scenario implies, with the right payloads.</summary>
public class CpuEmissionTests
{
    private static List<EventWrittenEventArgs> For(EventRecorder r, int vcpu, string name) =>
        [.. r.Named(name).Where(e => (int)e.Payload![0]! == vcpu)];

    [Fact]
    public void Syscall_GivesOneExit_WithReasonSyscall_AndItsPc()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Load(Nop, Syscall);
        using var rec = new EventRecorder(Keywords.Exit);
        t.Step(2);
        var exits = For(rec, vcpu, "Exit");
        var exit = Assert.Single(exits);
        Assert.Equal((int)ExitReason.Syscall, (int)exit.Payload![2]!);
        Assert.Equal((ulong)(TestCpu.CodeBase + 4), (ulong)exit.Payload[3]!);
        Assert.Equal("Sys", (string)exit.Payload[5]!); // the MIPS mnemonic, for viewers that never see a manifest
        Assert.Equal(EventLevel.Verbose, exit.Level);
    }

    [Fact]
    public void EveryExceptionTaken_IsOneExitEvent_MatchingExceptionCounts()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        // Each handler at the general vector returns past the faulting instruction (EPC += 4).
        t.Poke32(TestCpu.GeneralVector, Mfc0(K0, 14));
        t.Poke32(TestCpu.GeneralVector + 4, Addiu(K0, K0, 4));
        t.Poke32(TestCpu.GeneralVector + 8, Mtc0(K0, 14));
        t.Poke32(TestCpu.GeneralVector + 12, Eret);
        t.Load(Syscall, Break, Syscall, Lw(T0, Zero, 1), Nop);
        using var rec = new EventRecorder(Keywords.Exit);
        t.Step(4 * 5 + 1);
        var reasons = For(rec, vcpu, "Exit").Select(e => (ExitReason)(int)e.Payload![2]!).ToArray();
        Assert.Equal([ExitReason.Syscall, ExitReason.BreakInst, ExitReason.Syscall, ExitReason.AddrErrLd], reasons);
        Assert.Equal(t.Exceptions(ExcCode.Sys) + t.Exceptions(ExcCode.Bp) + t.Exceptions(ExcCode.AdEL), reasons.Length);
        var addrErr = For(rec, vcpu, "Exit").Last();
        Assert.Equal(1ul, (ulong)addrErr.Payload![4]!); // badVAddr
    }

    [Fact]
    public void Tlbwi_GivesGuestTlbWrite_WithTheEntry()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Cpu.WriteCp0(Cp0Register.Index, 5);
        t.Cpu.WriteCp0(Cp0Register.EntryHi, 0x00402000 | 0x07);
        t.Cpu.WriteCp0(Cp0Register.EntryLo0, 0x00000107);
        t.Cpu.WriteCp0(Cp0Register.EntryLo1, 0x00000147);
        t.Cpu.WriteCp0(Cp0Register.PageMask, 0);
        t.Load(Tlbwi);
        using var rec = new EventRecorder(Keywords.Tlb);
        t.Step();
        var w = Assert.Single(For(rec, vcpu, "GuestTlbWrite"));
        Assert.Equal(5, (int)w.Payload![2]!);
        Assert.Equal(0x00402007ul, (ulong)w.Payload[3]!);
        Assert.Equal(0x00000107ul, (ulong)w.Payload[4]!);
        Assert.Equal(0x00000147ul, (ulong)w.Payload[5]!);
        Assert.Equal(0ul, (ulong)w.Payload[6]!);
        Assert.False((bool)w.Payload[7]!);
    }

    [Fact]
    public void Tlbwr_IsMarkedRandom()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Load(Tlbwr);
        using var rec = new EventRecorder(Keywords.Tlb);
        t.Step();
        var w = Assert.Single(For(rec, vcpu, "GuestTlbWrite"));
        Assert.True((bool)w.Payload![7]!);
    }

    [Fact]
    public void EntryHiAsidWrite_GivesAsidChange_OnlyWhenTheAsidChanges()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t[T0] = 0x5;
        t[T1] = 0x2005; // same ASID, other VPN2
        t.Load(Mtc0(T0, 10), Mtc0(T1, 10));
        using var rec = new EventRecorder(Keywords.Tlb);
        t.Step(2);
        var a = Assert.Single(For(rec, vcpu, "AsidChange"));
        Assert.Equal(0u, (uint)a.Payload![2]!);
        Assert.Equal(5u, (uint)a.Payload[3]!);
    }

    [Fact]
    public void Run_IsBracketedBy_VcpuEnter_And_VcpuOut()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Load(Nop, Nop, Nop);
        using var rec = new EventRecorder(Keywords.Cpu, EventLevel.Informational);
        t.Step(3);
        var names = rec.Events.Where(e => (int)e.Payload![0]! == vcpu).Select(e => e.EventName ?? "").ToArray();
        Assert.Equal(["VcpuEnter", "VcpuOut"], names);
        var outEv = For(rec, vcpu, "VcpuOut").Single();
        Assert.Equal((int)VcpuStopReason.InstructionLimit, (int)outEv.Payload![3]!);
        Assert.Equal((ulong)(TestCpu.CodeBase + 12), (ulong)outEv.Payload[2]!);
    }

    [Fact]
    public void Disabled_Keyword_EmitsNothing()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Load(Syscall, Tlbwr);
        using var rec = new EventRecorder(Keywords.Fault);
        t.Step(1);
        Assert.DoesNotContain(rec.Events, e => (int)e.Payload![0]! == vcpu);
    }

    [Fact]
    public void SequenceNumbers_AreContiguousPerVcpu_AndAGapIsDetected()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        t.Poke32(TestCpu.GeneralVector, Mfc0(K0, 14));
        t.Poke32(TestCpu.GeneralVector + 4, Addiu(K0, K0, 4));
        t.Poke32(TestCpu.GeneralVector + 8, Mtc0(K0, 14));
        t.Poke32(TestCpu.GeneralVector + 12, Eret);
        t.Load(Syscall, Syscall, Syscall, Syscall);
        using var rec = new EventRecorder(Keywords.Exit | Keywords.Cpu);
        t.Step(20);
        var mine = rec.Events.Where(e => (int)e.Payload![0]! == vcpu).ToList();
        // enter, 4 exits, out — plus a kvm_reenter after each slow memory path (GvaCache miss) in between.
        Assert.Equal(6, mine.Count(e => e.EventName != "VcpuReenter"));
        Assert.Contains(mine, e => e.EventName == "VcpuReenter");
        var records = mine.Select(e => (Analysis.EmuKvmRecord)new Analysis.AsidChangeRecord(0, 0, vcpu, (long)e.Payload![1]!, 0, 0)).ToList();
        Assert.Empty(Analysis.SequenceGaps.Find(records));
        records.RemoveAt(2); // an event EventPipe dropped
        var gap = Assert.Single(Analysis.SequenceGaps.Find(records));
        Assert.Equal(1, gap.Missing);
        Assert.Equal(vcpu, gap.Vcpu);
    }

    [Fact]
    public void IrqLine_IsTracedOnEveryLevelChange_NotOnRepeats()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        using var rec = new EventRecorder(Keywords.Irq);
        t.Cpu.SetIrqLine(2, true);
        t.Cpu.SetIrqLine(2, true); // already up: no change, no event
        t.Cpu.SetIrqLine(2, false);
        var events = For(rec, vcpu, "IrqLine");
        Assert.Equal([(2, true), (2, false)], events.Select(e => ((int)e.Payload![1]!, (bool)e.Payload[2]!)));
    }

    [Fact]
    public void GuestPcSamples_AreEmittedEveryInterval_AtBatchBoundaries()
    {
        using var t = TestCpuWithId.Create(out var vcpu);
        // A tight loop: b . ; nop — the vCPU stays at CodeBase/CodeBase+4.
        t.Load(Beq(0, 0, -1), Nop);
        using var rec = new EventRecorder(Keywords.Sample);
        t.Step(4 * Mips32Cpu.MaxBatch + 100);
        var samples = For(rec, vcpu, "GuestPcSample");
        // The first batch boundary samples, then the first boundary at least SampleInterval (10,000) later: boundaries
        // at MaxBatch·k (16,384 apart) give a sample each, and the last 100 instructions' boundary none.
        Assert.Equal(4, samples.Count);
        Assert.All(samples, s => Assert.InRange((ulong)s.Payload![2]!, (ulong)TestCpu.CodeBase, (ulong)TestCpu.CodeBase + 4));
    }
}
