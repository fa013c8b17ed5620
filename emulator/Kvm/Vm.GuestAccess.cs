namespace Emu.Emulator.Kvm;

/// <summary>
/// kvm_read_guest / kvm_write_guest: the VMM (loader, debugger, devices) reaching guest memory through the
/// memslots' host addresses, with a host reference held across each page copy so the frame cannot be freed
/// under it. Writes mark the pages in the dirty log (mark_page_dirty) and ignore READONLY (it binds the guest,
/// not the VMM).
/// </summary>
public sealed unsafe partial class Vm
{
    /// <summary>Copies guest-physical bytes out; false if any page has no memslot or the host refuses it.</summary>
    public bool ReadGuest(ulong gpa, Span<byte> destination) => CopyGuest(gpa, destination, default, write: false);

    /// <summary>Copies bytes into guest-physical memory; false if any page has no memslot or the host refuses it.</summary>
    public bool WriteGuest(ulong gpa, ReadOnlySpan<byte> source)
    {
        var ok = CopyGuest(gpa, default, source, write: true);
        InvalidateCode(gpa, (ulong)source.Length); // the VMM's writes reach every vCPU's decoded code too
        return ok;
    }

    private bool CopyGuest(ulong gpa, Span<byte> destination, ReadOnlySpan<byte> source, bool write)
    {
        var length = write ? source.Length : destination.Length;
        var srcuIdx = Srcu.ReadLock();
        try
        {
            for (var done = 0; done < length;)
            {
                var a = gpa + (ulong)done;
                var gfn = a >> 12;
                var slot = Memslots.Find(gfn);
                if (slot is null || slot.IsInvalid)
                {
                    return false;
                }
                if (!HostMm.FaultIn(slot.GfnToHva(gfn), write, out var pfn, out _))
                {
                    return false;
                }
                var offset = (int)(a & 0xfff);
                var chunk = Math.Min(length - done, 4096 - offset);
                var frame = new Span<byte>(HostMm.FrameAddress(pfn) + offset, chunk);
                if (write)
                {
                    source.Slice(done, chunk).CopyTo(frame);
                    lock (MmuLock)
                    {
                        slot.MarkDirty(gfn);
                    }
                    HostMm.SetPfnDirty(pfn);
                }
                else
                {
                    frame.CopyTo(destination.Slice(done, chunk));
                }
                HostMm.PutPage(pfn);
                done += chunk;
            }
            return true;
        }
        finally
        {
            Srcu.ReadUnlock(srcuIdx);
        }
    }
}
