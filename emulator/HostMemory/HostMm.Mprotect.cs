using Emu.Tracing;
namespace Emu.Emulator.HostMemory;

public sealed unsafe partial class HostMm
{
    /// <summary>
    /// mprotect(PROT_READ) / mprotect(PROT_READ|PROT_WRITE) on [hva, hva+size).
    /// Downgrade (change_protection): InvalidateRangeStart, every PTE loses write and the pages lose
    /// VM_WRITE, InvalidateRangeEnd; from then on FaultIn(write) fails (ERR_FAULT).
    /// Upgrade: pages regain VM_WRITE only; PTEs stay read-only and the next write fault makes them writable
    /// (reuse or copy), so the secondary MMU cannot hold anything stale and no notifier is needed.
    /// </summary>
    public void Mprotect(ulong hva, ulong size, bool writable)
    {
        lock (_lock)
        {
            ThrowIfDisposed();
            var (start, end) = AlignRange(hva, size);
            var spans = _table.Spans(start, end);
            if (spans.Count == 0)
            {
                return;
            }
            if (writable)
            {
                foreach (var (vma, first, count) in spans)
                {
                    for (int i = first; i < first + count; i++)
                    {
                        if (!vma.Ptes[i].Has(HostPteFlags.Unmapped))
                        {
                            vma.Ptes[i].Flags &= ~HostPteFlags.ReadOnly;
                        }
                    }
                }
                HostMmStats.Inc(ref Stats._mprotectUpgrades);
                return;
            }
            NotifyInvalidateRangeStart(start, end);
            foreach (var (vma, first, count) in spans)
            {
                for (int i = first; i < first + count; i++)
                {
                    vma.Ptes[i].Flags = (vma.Ptes[i].Flags | HostPteFlags.ReadOnly) & ~HostPteFlags.Writable;
                }
            }
            NotifyInvalidateRangeEnd(start, end);
            HostMmStats.Inc(ref Stats._mprotectDowngrades);
            EmuKvmTrace.HostMmEvent(HostMmEventKind.Mprotect, start, (long)((end - start) / PageSize));
        }
    }
}
