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
}
