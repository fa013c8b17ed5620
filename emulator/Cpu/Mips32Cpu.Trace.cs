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
        EmuKvmTrace.VcpuOut(VcpuId, _s->Pc, (VcpuStopReason)reason);
        return reason;
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
