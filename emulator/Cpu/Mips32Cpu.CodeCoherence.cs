using System.Collections.Concurrent;
using Emu.Emulator.Memory;

namespace Emu.Emulator.Cpu;

/// <summary>
/// This vCPU's side of the VM's invalidation hub (<see cref="ICodeCoherence"/>, Kvm/Vm.CodeInvalidation.cs): other
/// threads queue guest-physical ranges whose decoded instructions must go, and the vCPU drops them at its next
/// batch boundary, in the same check that applies flush requests (so a flusher that saw the acknowledgement knows
/// the ranges queued before it are gone). The vCPU's own stores invalidate its own code cache at once.
/// </summary>
/// <remarks>
/// <see cref="_codeInvalidations"/> is written by any thread and drained by the vCPU; <see cref="_codeInvalidationPending"/>
/// is set after an enqueue and cleared before a drain, so no request is missed.
/// </remarks>
public sealed unsafe partial class Mips32Cpu
{
    private readonly ConcurrentQueue<(ulong Gpa, ulong Size)> _codeInvalidations = new();
    private int _codeInvalidationPending;

    /// <summary>The VM's hub, set when the vCPU is attached to a VM (null on a bare bus).</summary>
    public ICodeCoherence? CodeCoherence { get; set; }

    /// <summary>
    /// Drops the decode of [gpa, gpa+size) at the next batch boundary. Any thread: the hub for another vCPU's store
    /// or a VMM write, and the notifier for a host unmap (kvm_unmap_hva_range: the frames may come back with other
    /// bytes, balloon or discard), queued before the flush that follows so it is applied before that flush is acknowledged.
    /// </summary>
    public void RequestCodeInvalidation(ulong gpa, ulong size)
    {
        _codeInvalidations.Enqueue((gpa, size));
        Volatile.Write(ref _codeInvalidationPending, 1);
    }

    private void ApplyCodeInvalidations()
    {
        if (Volatile.Read(ref _codeInvalidationPending) == 0)
        {
            return;
        }
        Interlocked.Exchange(ref _codeInvalidationPending, 0);
        while (_codeInvalidations.TryDequeue(out var range))
        {
            if (range.Gpa >= 1UL << 32)
            {
                continue;
            }
            var size = (uint)Math.Min(range.Size, (1UL << 32) - range.Gpa);
            _codeCache.InvalidateRange((uint)range.Gpa, size);
        }
    }

    /// <summary>True if some vCPU (this one included) holds decoded code of <paramref name="gfn"/>: stores to it take the slow path.</summary>
    private bool IsCodePage(uint gfn) => _codeCache.HasCode(gfn) || (CodeCoherence?.IsCodePage(gfn) ?? false);

    /// <summary>This vCPU stored to a code page: its own decode goes now, the other vCPUs' at their next batch boundary.</summary>
    private void CodeWritten(uint gpa, uint size)
    {
        _codeCache.InvalidateRange(gpa, size);
        CodeCoherence?.CodeWritten(VcpuId, gpa, size);
    }
}
