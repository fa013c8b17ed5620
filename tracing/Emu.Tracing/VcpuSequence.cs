using System.Runtime.CompilerServices;

namespace Emu.Tracing;

/// <summary>
/// The per-vCPU <c>seq</c> carried by per-vCPU events: 1, 2, 3... in emission order, per vCPU. A reader
/// that sees a gap knows events were lost (EventPipe drops silently when its buffer fills).
/// </summary>
/// <remarks>
/// Only the vCPU's own thread emits its per-vCPU events, so a plain increment suffices; each vCPU's
/// counter sits on its own cache line so vCPU threads never share one. The counter advances only when an
/// event is actually written, so with one session the collected sequence is contiguous; two sessions
/// with different keywords at once see each other's numbers as gaps.
/// </remarks>
public static class VcpuSequence
{
    /// <summary>vCPU ids at or above this share the last counter (and their gaps are then meaningless).</summary>
    public const int MaxVcpus = 256;

    private const int Stride = 8; // 8 longs = 64 bytes: one cache line per vCPU
    private static readonly long[] s_next = new long[(MaxVcpus + 1) * Stride];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Next(int vcpu) => ++s_next[((uint)vcpu < MaxVcpus ? vcpu + 1 : 0) * Stride];

    /// <summary>The last number handed out for <paramref name="vcpu"/> (0 before any event).</summary>
    public static long Current(int vcpu) => Volatile.Read(ref s_next[((uint)vcpu < MaxVcpus ? vcpu + 1 : 0) * Stride]);
}
