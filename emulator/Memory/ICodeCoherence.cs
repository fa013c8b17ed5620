namespace Emu.Emulator.Memory;

/// <summary>
/// The VM-wide side of decoded-code coherence: the one place that knows which guest-physical pages hold code on
/// any vCPU and that tells every vCPU to drop decoded instructions when such a page changes (DESIGN.md "Execution
/// engines and derived state": one invalidation hub keyed by GPA page). Implemented by the VM; a vCPU without a VM
/// (unit tests on a bare bus) has none and keeps its own code cache coherent alone.
/// </summary>
public interface ICodeCoherence
{
    /// <summary>True while some vCPU may hold decoded instructions of <paramref name="gfn"/>. Lock-free, any thread.</summary>
    bool IsCodePage(uint gfn);

    /// <summary>
    /// A vCPU is about to decode <paramref name="gfn"/>. Returns once no vCPU holds write permission for the page in
    /// its GvaCache, so every later store to it takes the slow path and reaches <see cref="CodeWritten"/>. Called on
    /// the vCPU's thread outside guest mode (it may wait for other vCPUs to acknowledge a flush).
    /// </summary>
    void CodePageCreated(int vcpuId, uint gfn);

    /// <summary>vCPU <paramref name="vcpuId"/> stored to a code page: every other vCPU drops its decode of the bytes.</summary>
    void CodeWritten(int vcpuId, uint gpa, uint size);
}
