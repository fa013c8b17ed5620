namespace Emu.Tracing;

/// <summary>
/// Why a vCPU's run returned to its caller (<c>kvm_out</c>). Mirrors Emu.Emulator's StopReason value for
/// value (the emulator casts), plus codes the KVM-style run loop may add. Stable values.
/// </summary>
public enum VcpuStopReason
{
    Halted = 0,
    InstructionLimit = 1,
    StopRequested = 2,
    WaitingForInterrupt = 3,
    /// <summary>An MMIO access needs the caller (KVM_EXIT_MMIO).</summary>
    Mmio = 4,
    /// <summary>KVM_EXIT_INTERNAL_ERROR.</summary>
    InternalError = 5,
    /// <summary>The debugger stopped the vCPU.</summary>
    Debug = 6,
}
