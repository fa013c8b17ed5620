using Emu.Emulator.Memory;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// How this vCPU uses its side of the remote-flush protocol (<see cref="VcpuRequests"/>, which holds the protocol and
/// its ordering argument): it is in guest mode while it runs instructions, and leaves it around anything that may block
/// (a host page lookup, an MMIO access, a sleep in WAIT, the boundary hook), so flushers never wait on it there.
/// </summary>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>True while the vCPU may be using derived mappings (<see cref="VcpuRequests.InGuestMode"/>).</summary>
    public bool InGuestMode => _requests.InGuestMode;

    /// <summary>Derived-mapping flushes this vCPU has performed on request (<see cref="VcpuRequests.RemoteFlushesApplied"/>).</summary>
    public long RemoteFlushesApplied => _requests.RemoteFlushesApplied;

    /// <summary>Enters guest mode and applies what is pending; false when a flush was applied (re-look pointers up).</summary>
    private bool EnterGuestMode() => _requests.EnterGuestMode();

    /// <summary>Leaves guest mode: from here on this vCPU touches no frame through a derived mapping.</summary>
    private void ExitGuestMode() => _requests.ExitGuestMode();

    /// <summary>
    /// The memory front door's page lookup, made outside guest mode because it may block (host faults,
    /// swap-in, the MMU lock) and may itself trigger flushes. If a flush was requested meanwhile, re-entry applies it
    /// (kvm_trap_emul_vcpu_reenter → check_requests) and the page may already be unmapped, so it is looked up again,
    /// as KVM re-faults after losing such a race. <paramref name="flushed"/> says that re-entry applied a flush: the
    /// caller's other derived pointers (the batch's current code page) are then void too, and its batch must end so
    /// the next one fetches again.
    /// </summary>
    private bool MapGuestPage(uint pa, bool write, out byte* page, out bool writable, out bool flushed)
    {
        flushed = false;
        while (true)
        {
            ExitGuestMode();
            var ok = _memory.TryMapPage(pa, write, out page, out writable);
            if (EnterGuestMode())
            {
                EmuKvmTrace.VcpuReenter(VcpuId, _s->Pc); // kvm_reenter: the exit was handled, the guest resumes
                return ok;
            }
            flushed = true;
        }
    }
}
