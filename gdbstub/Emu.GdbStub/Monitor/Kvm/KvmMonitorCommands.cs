using System.Globalization;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Kvm;
using Emu.Emulator.Mmu;

namespace Emu.GdbStub.Monitor.Kvm;

/// <summary>
/// The monitor commands that show what QEMU cannot: the KVM-style MMU. `memslots`, `gpa-pt [RANGE]`,
/// `dirty-log SLOT on|off|get`, `host ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect RANGE`, `kvm-stat`,
/// and the GPA → memslot → HVA → host frame stages of `translate`. RANGE is a guest-physical "START[-END]" or
/// "START +LEN" (hex). Commands run on the session thread while the vCPUs are stopped (all-stop); host events
/// go through <see cref="HostMm"/> exactly as the pressure driver's do, notifiers included.
/// </summary>
public static class KvmMonitorCommands
{
    public static void Register(MonitorRegistry registry, Vm vm)
    {
        registry.Register(new DelegateCommand("memslots", "list the VM's memslots (GPA range, pages, HVA, flags)", (c, _) => Memslots(vm, c.Output)));
        registry.Register(new DelegateCommand("gpa-pt", "[RANGE] GPA page table: present/young/dirty/writable counts and the first entries", (c, a) => GpaPt(vm, c.Output, a)));
        registry.Register(new DelegateCommand("dirty-log", "SLOT on|off|get  KVM_MEM_LOG_DIRTY_PAGES on/off; get = KVM_GET_DIRTY_LOG (report and clear)", (c, a) => DirtyLog(vm, c.Output, a)));
        var snapshots = new List<CowSnapshot>();
        registry.Register(new DelegateCommand("host", "ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect ro|rw RANGE  trigger a host memory event", (c, a) => Host(vm, snapshots, c.Output, a)));
        registry.Register(new DelegateCommand("kvm-stat", "per-vCPU GPA-fault and exit counters, VM flush and notifier counters", (c, _) => KvmStat(vm, c.Output)));
        registry.TranslationStages.Add(new GpaToHostStage(vm));
    }

    private static void Memslots(Vm vm, TextWriter o)
    {
        var slots = vm.Memslots.Slots;
        o.WriteLine($"{slots.Count} memslots (generation {vm.Memslots.Generation}), mmu_notifier_seq {vm.MmuNotifierSeq}, count {vm.MmuNotifierCount}");
        foreach (var s in slots)
        {
            o.WriteLine($"  {s}");
        }
    }

    private static void GpaPt(Vm vm, TextWriter o, string args)
    {
        if (!TryParseRange(args, out var start, out var end, defaultEnd: 1ul << 32))
        {
            o.WriteLine("usage: monitor gpa-pt [START[-END] | START +LEN]");
            return;
        }
        long present = 0, young = 0, dirty = 0, writable = 0;
        var first = new List<string>();
        lock (vm.MmuLock)
        {
            vm.GpaPageTable.ForEachPresent(start >> 12, (end + 0xfff) >> 12, (gfn, pte) =>
            {
                present++;
                young += pte.IsYoung ? 1 : 0;
                dirty += pte.IsDirty ? 1 : 0;
                writable += pte.IsWritable ? 1 : 0;
                if (first.Count < 32)
                {
                    first.Add($"  gpa 0x{gfn << 12:x8}: {pte}");
                }
            });
        }
        o.WriteLine($"gpa 0x{start:x8}-0x{end - 1:x8}: {present} present, {young} young, {dirty} dirty, {writable} writable ({vm.GpaPageTable.TableCount} PTE tables)");
        first.ForEach(o.WriteLine);
        if (present > first.Count)
        {
            o.WriteLine($"  ... {present - first.Count} more");
        }
    }

    /// <summary>
    /// `dirty-log SLOT on|off|get` (get is the default): what a VMM does for live migration. on/off flip
    /// KVM_MEM_LOG_DIRTY_PAGES with a flags-only KVM_SET_USER_MEMORY_REGION (turning it on write-protects
    /// the slot so every first write is seen); get is KVM_GET_DIRTY_LOG.
    /// </summary>
    private static void DirtyLog(Vm vm, TextWriter o, string args)
    {
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words.Length > 1 ? words[1] : "get";
        if (words.Length is < 1 or > 2 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slotId)
            || verb is not ("on" or "off" or "get"))
        {
            o.WriteLine("usage: monitor dirty-log SLOT [on|off|get]");
            return;
        }
        try
        {
            if (verb != "get")
            {
                var s = vm.Memslots.ById(slotId);
                if (s is null || s.IsInvalid)
                {
                    o.WriteLine($"dirty-log: no memslot {slotId}");
                    return;
                }
                var flags = verb == "on" ? s.Flags | MemslotFlags.LogDirtyPages : s.Flags & ~MemslotFlags.LogDirtyPages;
                vm.SetUserMemoryRegion(slotId, flags, s.BaseGfn << 12, s.NPages << 12, s.UserspaceAddr);
                o.WriteLine($"slot {slotId}: dirty logging {verb}");
                return;
            }
            var slot = vm.Memslots.ById(slotId);
            var log = vm.GetDirtyLog(slotId);
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
            o.WriteLine($"slot {slotId}: {gfns.Count} dirty pages (now write-protected again)");
            foreach (var gfn in gfns.Take(32))
            {
                o.WriteLine($"  gpa 0x{gfn << 12:x8}");
            }
        }
        catch (MemslotException e)
        {
            o.WriteLine($"dirty-log: {e.Message} (errno {(int)e.Errno})");
        }
    }

    private static void Host(Vm vm, List<CowSnapshot> snapshots, TextWriter o, string args)
    {
        var words = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1 && words[0] == "cow-release")
        {
            snapshots.ForEach(s => s.Dispose());
            o.WriteLine($"released {snapshots.Count} COW snapshots");
            snapshots.Clear();
            return;
        }
        var rest = words.Length > 1 ? words[1] : "";
        var writableArg = "";
        if (words.Length > 0 && words[0] == "mprotect")
        {
            var parts = rest.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            writableArg = parts.Length > 0 ? parts[0] : "";
            rest = parts.Length > 1 ? parts[1] : "";
        }
        if (words.Length == 0 || !TryParseRange(rest, out var start, out var end, defaultEnd: null) || !TryHva(vm, start, end, out var hva, out var size))
        {
            o.WriteLine("usage: monitor host ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect ro|rw START[-END] (one memslot, page aligned)");
            return;
        }
        var host = vm.HostMm;
        var seqBefore = vm.MmuNotifierSeq;
        string result;
        switch (words[0])
        {
            case "ksm": result = $"{host.KsmMerge(hva, size)} pages merged"; break;
            case "cow": snapshots.Add(host.ShareCow(hva, size)); result = $"COW snapshot {snapshots.Count} taken (monitor host cow-release drops them)"; break;
            case "swap-out": result = $"{host.SwapOut(hva, size)} pages swapped out"; break;
            case "balloon": result = $"{host.BalloonInflate(hva, size)} pages ballooned away (the next touch reads zeros)"; break;
            case "deflate": result = $"{host.BalloonDeflate(hva, size)} pages returned"; break;
            case "age": result = $"{host.AgeRange(hva, size)} pages aged (clear_flush_young)"; break;
            case "idle": result = host.ClearYoung(hva, size) ? "pages marked idle (clear_young); some were young" : "pages marked idle (clear_young); none was young"; break;
            case "mprotect" when writableArg is "ro" or "rw":
                host.Mprotect(hva, size, writableArg == "rw");
                result = writableArg == "rw" ? "made writable" : "write-protected";
                break;
            default:
                o.WriteLine($"host: unknown event '{words[0]}'");
                return;
        }
        o.WriteLine($"host {words[0]} gpa 0x{start:x8}-0x{end - 1:x8} (hva 0x{hva:x}): {result}; mmu_notifier_seq {seqBefore} -> {vm.MmuNotifierSeq}");
    }

    private static void KvmStat(Vm vm, TextWriter o)
    {
        for (var i = 0; i < vm.VcpuStats.Count; i++)
        {
            var s = vm.VcpuStats[i];
            o.WriteLine($"vcpu{i}: gpa faults fast {s.GpaFaultsFast} slow {s.GpaFaultsSlow} retries {s.GpaFaultRetries}; " +
                        $"tlbmiss_ld {s.TlbmissLdExits} tlbmiss_st {s.TlbmissStExits} mmio {s.MmioExits} host_fault {s.HostFaultExits}");
        }
        var v = vm.Stat;
        o.WriteLine($"vm: flush requests {v.FlushRequests}, remote_tlb_flush {v.RemoteTlbFlush}; notifier range_start {v.NotifierInvalidateRangeStart} " +
                    $"change_pte {v.NotifierChangePte} clear_flush_young {v.NotifierClearFlushYoung} clear_young {v.NotifierClearYoung}; " +
                    $"PTEs zapped {v.GpaPtesZapped} aged {v.GpaPtesAged} cleaned {v.GpaPtesCleaned}; dirty-log gets {v.DirtyLogGets}");
        o.WriteLine($"host: {vm.HostMm.Stats}");
    }

    /// <summary>The HVA range behind a GPA range that lies inside one memslot.</summary>
    private static bool TryHva(Vm vm, ulong start, ulong end, out ulong hva, out ulong size)
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

    /// <summary>"START", "START-END" (END exclusive) or "START +LEN", hex with optional 0x.</summary>
    internal static bool TryParseRange(string text, out ulong start, out ulong end, ulong? defaultEnd)
    {
        start = 0;
        end = defaultEnd ?? 0;
        var t = text.Trim();
        if (t.Length == 0)
        {
            return defaultEnd is not null;
        }
        string[] parts;
        bool isLength;
        if (t.Contains('+'))
        {
            parts = t.Split('+', StringSplitOptions.TrimEntries);
            isLength = true;
        }
        else
        {
            parts = t.Split('-', StringSplitOptions.TrimEntries);
            isLength = false;
        }
        if (!MonitorRegistry.TryParseAddress(parts[0], out var s))
        {
            return false;
        }
        start = s;
        if (parts.Length == 1)
        {
            end = start + 4096;
            return true;
        }
        if (parts.Length != 2 || !MonitorRegistry.TryParseAddress(parts[1], out var second))
        {
            return false;
        }
        end = isLength ? start + second : second;
        return end > start;
    }
}
