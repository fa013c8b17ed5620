using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;

namespace Emu.Emulator.Debug;

/// <summary>
/// <see cref="IMmuInspector"/> over one <see cref="Vm"/>: memslots, the GPA page table (under MmuLock), dirty logging
/// (the VMM's KVM_SET_USER_MEMORY_REGION / KVM_GET_DIRTY_LOG), host events through <see cref="HostMm"/> exactly as the
/// pressure driver makes them (notifiers included), and the counters. Used from the debugger's thread only; the COW
/// snapshots it takes are its own (<see cref="_snapshots"/>, not shared).
/// </summary>
public sealed class KvmMmuInspector(Vm vm) : IMmuInspector
{
    private readonly List<CowSnapshot> _snapshots = [];

    public MemslotsView Memslots()
    {
        var set = vm.Memslots;
        return new MemslotsView(set.Generation, vm.MmuNotifierSeq, vm.MmuNotifierCount, [.. set.Slots.Select(View)]);
    }

    public GpaPageTableView GpaPageTable(ulong startGfn, ulong endGfn, int maxEntries)
    {
        long present = 0, young = 0, dirty = 0, writable = 0;
        var first = new List<GpaPteView>();
        int tables;
        lock (vm.MmuLock)
        {
            vm.GpaPageTable.ForEachPresent(startGfn, endGfn, (gfn, pte) =>
            {
                present++;
                young += pte.IsYoung ? 1 : 0;
                dirty += pte.IsDirty ? 1 : 0;
                writable += pte.IsWritable ? 1 : 0;
                if (first.Count < maxEntries)
                {
                    first.Add(new GpaPteView(gfn, pte.ToString()));
                }
            });
            tables = vm.GpaPageTable.TableCount;
        }
        return new GpaPageTableView(present, young, dirty, writable, tables, first);
    }

    public string? SetDirtyLogging(int slotId, bool on)
    {
        var s = vm.Memslots.ById(slotId);
        if (s is null || s.IsInvalid)
        {
            return $"no memslot {slotId}";
        }
        var flags = on ? s.Flags | MemslotFlags.LogDirtyPages : s.Flags & ~MemslotFlags.LogDirtyPages;
        try
        {
            vm.SetUserMemoryRegion(slotId, flags, s.BaseGfn << 12, s.NPages << 12, s.UserspaceAddr);
            return null;
        }
        catch (MemslotException e)
        {
            return Describe(e);
        }
    }

    public DirtyLogView GetDirtyLog(int slotId)
    {
        var slot = vm.Memslots.ById(slotId);
        ulong[] log;
        try
        {
            log = vm.GetDirtyLog(slotId);
        }
        catch (MemslotException e)
        {
            return new DirtyLogView([], Describe(e));
        }
        var gfns = new List<ulong>();
        for (var w = 0; w < log.Length; w++)
        {
            for (var b = 0; b < 64; b++)
            {
                if (((log[w] >> b) & 1) != 0)
                {
                    gfns.Add(slot!.BaseGfn + (ulong)(w * 64 + b));
                }
            }
        }
        return new DirtyLogView(gfns, null);
    }

    public ulong? HostRange(ulong gpaStart, ulong gpaEnd) => TryHva(gpaStart, gpaEnd, out var hva, out _) ? hva : null;

    public HostEventResult? HostEvent(HostEventKind kind, ulong gpaStart, ulong gpaEnd)
    {
        if (!TryHva(gpaStart, gpaEnd, out var hva, out var size))
        {
            return null;
        }
        var host = vm.HostMm;
        var seqBefore = vm.MmuNotifierSeq;
        long count = 0;
        switch (kind)
        {
            case HostEventKind.Ksm: count = host.KsmMerge(hva, size); break;
            case HostEventKind.Cow: _snapshots.Add(host.ShareCow(hva, size)); count = _snapshots.Count; break;
            case HostEventKind.SwapOut: count = host.SwapOut(hva, size); break;
            case HostEventKind.Balloon: count = host.BalloonInflate(hva, size); break;
            case HostEventKind.Deflate: count = host.BalloonDeflate(hva, size); break;
            case HostEventKind.Age: count = host.AgeRange(hva, size); break;
            case HostEventKind.Idle: count = host.ClearYoung(hva, size) ? 1 : 0; break;
            case HostEventKind.MprotectReadOnly: host.Mprotect(hva, size, writable: false); break;
            case HostEventKind.MprotectWritable: host.Mprotect(hva, size, writable: true); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
        return new HostEventResult(hva, count, seqBefore, vm.MmuNotifierSeq);
    }

    public int ReleaseCowSnapshots()
    {
        _snapshots.ForEach(s => s.Dispose());
        var released = _snapshots.Count;
        _snapshots.Clear();
        return released;
    }

    public KvmStatView Stat()
    {
        var vcpus = new List<VcpuMmuCounters>();
        foreach (var s in vm.VcpuStats)
        {
            vcpus.Add(new VcpuMmuCounters(s.GpaFaultsFast, s.GpaFaultsSlow, s.GpaFaultRetries, s.TlbmissLdExits, s.TlbmissStExits,
                s.MmioExits, s.HostFaultExits));
        }
        var v = vm.Stat;
        var counters = new VmMmuCounters(v.FlushRequests, v.RemoteTlbFlush, v.NotifierInvalidateRangeStart, v.NotifierChangePte,
            v.NotifierClearFlushYoung, v.NotifierClearYoung, v.GpaPtesZapped, v.GpaPtesAged, v.GpaPtesCleaned, v.DirtyLogGets);
        return new KvmStatView(vcpus, counters, vm.HostMm.Stats.ToString());
    }

    public GpaTranslationView TranslateGpa(ulong gpa)
    {
        var slot = vm.Memslots.Find(gpa >> 12);
        if (slot is null || slot.IsInvalid)
        {
            return new GpaTranslationView(null, 0, null, "");
        }
        var hva = slot.GfnToHva(gpa >> 12) + (gpa & 0xfff);
        var hostPte = vm.HostMm.TryGetPte(hva, out var host) ? host.ToString() : null;
        return new GpaTranslationView(View(slot), hva, hostPte, vm.LookupGpaPte(gpa).ToString());
    }

    private static MemslotView View(Memslot s) => new(s.Id, s.BaseGfn, s.NPages, s.Flags.ToString(), s.ToString());

    private static string Describe(MemslotException e) => $"{e.Message} (errno {(int)e.Errno})";

    /// <summary>The HVA range behind a GPA range that lies inside one memslot.</summary>
    private bool TryHva(ulong start, ulong end, out ulong hva, out ulong size)
    {
        hva = size = 0;
        var slot = vm.Memslots.Find(start >> 12);
        if (slot is null || slot.IsInvalid || (start & 0xfff) != 0 || end <= start || !slot.Contains((end - 1) >> 12))
        {
            return false;
        }
        hva = slot.GfnToHva(start >> 12);
        size = (end - start + 0xfff) & ~0xffful;
        return true;
    }
}
