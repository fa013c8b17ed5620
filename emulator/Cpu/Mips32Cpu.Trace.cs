using Emu.Tracing;

namespace Emu.Emulator.Cpu;

public sealed unsafe partial class Mips32Cpu
{
    /// <summary>
    /// Runs until the guest halts, <paramref name="maxInstructions"/> have retired, or a stop is
    /// requested. Between batches of at most <see cref="MaxBatch"/> instructions it services flush
    /// requests, the CP0 timer and interrupts; WAIT idles without spinning the host.
    /// </summary>
    /// <remarks>Traced as KVM traces KVM_RUN: kvm_enter before the loop, kvm_out when it returns.</remarks>
    public StopReason Run(long maxInstructions = long.MaxValue)
    {
        EmuKvmTrace.VcpuEnter(VcpuId, _s->Pc);
        var reason = RunLoop(maxInstructions);
        EmuKvmTrace.VcpuOut(VcpuId, _s->Pc, reason.ToTrace());
        return reason;
    }

    /// <summary>kvm_set_irq: hardware line <paramref name="line"/> changed level (any thread).</summary>
    private void TraceIrqLine(int line, bool asserted) => EmuKvmTrace.IrqLine(VcpuId, line, asserted);

    /// <summary>When this vCPU went to sleep in WAIT (Stopwatch ticks; 0 = not traced). vCPU thread only.</summary>
    private long _blockedAt;

    /// <summary>kvm_vcpu_block: the vCPU sleeps in WAIT until a line or a stop wakes it.</summary>
    private void TraceBlock()
    {
        _blockedAt = EmuKvmTrace.WaitEnabled ? EmuKvmTrace.Timestamp() : 0;
        if (_blockedAt != 0)
        {
            EmuKvmTrace.VcpuBlock(VcpuId, _s->Pc);
        }
    }

    /// <summary>kvm_vcpu_wakeup: the sleep ended, after waitedNs.</summary>
    private void TraceWake()
    {
        if (_blockedAt != 0)
        {
            EmuKvmTrace.VcpuWake(VcpuId, EmuKvmTrace.ElapsedNs(_blockedAt), (_irqLines & 0x3f) != 0);
        }
    }

    /// <summary>Instruction count at which the next guest PC sample is due (vCPU thread only).</summary>
    private long _nextPcSample;

    /// <summary>At a batch boundary: a GuestPcSample when sampling is on and one is due (emu-trace profile).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void SamplePc()
    {
        if (EmuKvmTrace.SampleEnabled && _instret >= _nextPcSample)
        {
            EmuKvmTrace.GuestPcSample(VcpuId, _s->Pc, _instret);
            _nextPcSample = _instret + EmuKvmTrace.SampleInterval;
        }
    }
}
