using Emu.Emulator.HostMemory;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>One notifier call, with what the host looked like when it arrived.</summary>
/// <param name="Pte">The host PTE of <paramref name="Start"/> at the moment of the call.</param>
/// <param name="OldPfnAllocated">For InvalidateRangeStart: whether the frame that PTE mapped was still allocated.</param>
/// <param name="OldFirstWord">For InvalidateRangeStart: the first 8 bytes of that frame.</param>
internal sealed record NotifierCall(string Kind, ulong Start, ulong End, ulong Pfn, bool Writable, HostPteView Pte, bool OldPfnAllocated, ulong OldFirstWord);

/// <summary>
/// An <see cref="IMmuNotifier"/> that records every call together with the host state at that instant
/// (it runs under the HostMm lock, so the state is exactly what the notifier contract promises), and
/// collects protocol violations: ChangePte outside a range pair, an end without a start.
/// </summary>
internal sealed unsafe class RecordingNotifier(HostMm mm) : IMmuNotifier
{
    private int _depth;

    public List<NotifierCall> Calls { get; } = [];
    public List<string> Violations { get; } = [];

    /// <summary>What ClearYoung/ClearFlushYoung/TestYoung report (the secondary MMU's young bits), keyed by page HVA.</summary>
    public HashSet<ulong> YoungPages { get; } = [];

    public int Depth => _depth;

    public IEnumerable<NotifierCall> OfKind(string kind) => Calls.Where(c => c.Kind == kind);

    public void Clear() => Calls.Clear();

    public void InvalidateRangeStart(ulong hvaStart, ulong hvaEnd)
    {
        _depth++;
        Record("start", hvaStart, hvaEnd, 0, false, inspectOldFrame: true);
        // Every frame still mapped in the range must still be allocated: nothing may be freed before start.
        for (ulong p = hvaStart; p < hvaEnd && p < hvaStart + 256 * HostMm.PageSize; p += HostMm.PageSize)
        {
            if (mm.TryGetPte(p, out var pte) && pte.Present && pte.Pfn != HostMm.ZeroPfn && !mm.IsFrameAllocated(pte.Pfn))
            {
                Fail($"range_start 0x{hvaStart:x}: the PTE of 0x{p:x} maps pfn 0x{pte.Pfn:x}, already freed");
            }
        }
    }

    public void InvalidateRangeEnd(ulong hvaStart, ulong hvaEnd)
    {
        if (--_depth < 0)
        {
            Fail($"range_end 0x{hvaStart:x} without start");
        }
        Record("end", hvaStart, hvaEnd, 0, false, inspectOldFrame: false);
    }

    public void ChangePte(ulong hva, ulong newPfn, bool writable)
    {
        if (_depth <= 0)
        {
            Fail($"change_pte 0x{hva:x} outside an invalidate_range pair");
        }
        Record("change_pte", hva, hva + HostMm.PageSize, newPfn, writable, inspectOldFrame: false);
    }

    public bool ClearFlushYoung(ulong hvaStart, ulong hvaEnd)
    {
        Record("clear_flush_young", hvaStart, hvaEnd, 0, false, false);
        return ClearRange(hvaStart, hvaEnd);
    }

    public bool ClearYoung(ulong hvaStart, ulong hvaEnd)
    {
        Record("clear_young", hvaStart, hvaEnd, 0, false, false);
        return ClearRange(hvaStart, hvaEnd);
    }

    public bool TestYoung(ulong hva)
    {
        Record("test_young", hva, hva + HostMm.PageSize, 0, false, false);
        return YoungPages.Contains(hva);
    }

    public void Release() => Record("release", 0, 0, 0, false, false);

    // Record and throw: the exception leaves the HostMm operation, so the test fails at the offending call.
    private void Fail(string violation)
    {
        Violations.Add(violation);
        throw new InvalidOperationException("notifier protocol violated: " + violation);
    }

    private bool ClearRange(ulong start, ulong end)
    {
        bool any = false;
        for (ulong p = start; p < end; p += HostMm.PageSize)
        {
            any |= YoungPages.Remove(p);
        }
        return any;
    }

    private void Record(string kind, ulong start, ulong end, ulong pfn, bool writable, bool inspectOldFrame)
    {
        mm.TryGetPte(start, out var pte);
        bool allocated = false;
        ulong word = 0;
        if (inspectOldFrame && pte.Present)
        {
            allocated = pte.Pfn == HostMm.ZeroPfn || mm.IsFrameAllocated(pte.Pfn);
            word = *(ulong*)mm.FrameAddress(pte.Pfn);
        }
        Calls.Add(new NotifierCall(kind, start, end, pfn, writable, pte, allocated, word));
    }
}
