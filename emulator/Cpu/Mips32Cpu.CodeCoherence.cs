namespace Emu.Emulator.Cpu;

/// <summary>
/// This vCPU's side of the VM's invalidation hub (<see cref="Memory.ICodeCoherence"/>, Kvm/Vm.CodeInvalidation.cs):
/// its own stores to pages holding decoded code invalidate its own code cache at once and tell the hub, which queues
/// the range for the other vCPUs (<see cref="VcpuRequests.RequestCodeInvalidation"/>, applied at their next batch
/// boundary together with flush requests).
/// </summary>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>True if some vCPU (this one included) holds decoded code of <paramref name="gfn"/>: stores to it take the slow path.</summary>
    private bool IsCodePage(uint gfn) => _codeCache.HasCode(gfn) || (_requests.CodeCoherence?.IsCodePage(gfn) ?? false);

    /// <summary>This vCPU stored to a code page: its own decode goes now, the other vCPUs' at their next batch boundary.</summary>
    private void CodeWritten(uint gpa, uint size)
    {
        _codeCache.InvalidateRange(gpa, size);
        _requests.CodeCoherence?.CodeWritten(VcpuId, gpa, size);
    }
}
