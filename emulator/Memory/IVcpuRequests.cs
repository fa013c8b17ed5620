namespace Emu.Emulator.Memory;

/// <summary>
/// The part of a vCPU (struct kvm_vcpu) that the VM reaches from other threads: its mode, the flush request it
/// acknowledges (KVM_REQ_TLB_FLUSH, kvm_make_all_cpus_request) and the queue of guest-physical ranges whose decoded
/// code it must drop. The memory path (Kvm/Vm) talks to vCPUs only through this, never to the CPU class: data flows
/// down from the CPU to the memory path, and requests come back up through an interface the CPU implements
/// (Cpu/VcpuRequests.cs, which each Mips32Cpu owns).
/// </summary>
/// <remarks>
/// Every member may be called from any thread. Ordering (KVM-MIPS-MMU.md §5 "Mode protocol"): a flusher calls
/// <see cref="RequestFlush"/> (a full barrier) and then reads <see cref="InGuestMode"/>; the vCPU sets its mode with a
/// full barrier and then reads the request, so either the flusher waits for the acknowledgement or the vCPU applies
/// the request before it next uses a derived mapping.
/// </remarks>
public interface IVcpuRequests
{
    /// <summary>The vCPU's number (kvm_vcpu->vcpu_id).</summary>
    int VcpuId { get; }

    /// <summary>True while the vCPU may be using derived mappings (kvm_vcpu->mode == IN_GUEST_MODE).</summary>
    bool InGuestMode { get; }

    /// <summary>The newest flush generation the vCPU has applied.</summary>
    long FlushAcked { get; }

    /// <summary>
    /// Asks the vCPU to drop every derived mapping before it next uses one (KVM_REQ_TLB_FLUSH). Flushers that wait
    /// for the acknowledgement take <paramref name="generation"/> from one shared counter and then wait while
    /// <see cref="InGuestMode"/> and <see cref="FlushAcked"/> &lt; generation.
    /// </summary>
    void RequestFlush(long generation);

    /// <summary>
    /// Drops the decode of guest-physical [gpa, gpa+size) at the vCPU's next batch boundary, before it acknowledges
    /// any flush requested after this call (so a flusher that saw the acknowledgement knows the range is gone).
    /// </summary>
    void RequestCodeInvalidation(ulong gpa, ulong size);

    /// <summary>The VM's invalidation hub, set when the vCPU is attached (null on a bare bus).</summary>
    ICodeCoherence? CodeCoherence { get; set; }
}
