using System.Globalization;
using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor.Kvm;

/// <summary>
/// The monitor commands that show what QEMU cannot: the KVM-style MMU. `memslots`, `gpa-pt [RANGE]`,
/// `dirty-log SLOT on|off|get`, `host ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect RANGE`, `kvm-stat`,
/// and the GPA → memslot → HVA → host frame stages of `translate`. RANGE is a guest-physical "START[-END]" or
/// "START +LEN" (hex). Commands run on the session thread while the vCPUs are stopped (all-stop). They parse and
/// print; the VM is reached only through <see cref="IMmuInspector"/> (emulator/Debug), which makes host events
/// exactly as the pressure driver does, notifiers included.
/// </summary>
public static class KvmMonitorCommands
{
    public static void Register(MonitorRegistry registry, IMmuInspector mmu)
    {
        registry.Register(new DelegateCommand("memslots", "list the VM's memslots (GPA range, pages, HVA, flags)", (c, _) => Memslots(mmu, c.Output)));
        registry.Register(new DelegateCommand("gpa-pt", "[RANGE] GPA page table: present/young/dirty/writable counts and the first entries", (c, a) => GpaPt(mmu, c.Output, a)));
        registry.Register(new DelegateCommand("dirty-log", "SLOT on|off|get  KVM_MEM_LOG_DIRTY_PAGES on/off; get = KVM_GET_DIRTY_LOG (report and clear)", (c, a) => DirtyLog(mmu, c.Output, a)));
        registry.Register(new DelegateCommand("host", "ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect ro|rw RANGE  trigger a host memory event", (c, a) => Host(mmu, c.Output, a)));
        registry.Register(new DelegateCommand("kvm-stat", "per-vCPU GPA-fault and exit counters, VM flush and notifier counters", (c, _) => KvmStat(mmu, c.Output)));
        registry.TranslationStages.Add(new GpaToHostStage(mmu));
    }

    private static void Memslots(IMmuInspector mmu, TextWriter o)
    {
        var set = mmu.Memslots();
        o.WriteLine($"{set.Slots.Count} memslots (generation {set.Generation}), mmu_notifier_seq {set.MmuNotifierSeq}, count {set.MmuNotifierCount}");
        foreach (var s in set.Slots)
        {
            o.WriteLine($"  {s.Description}");
        }
    }

    private static void GpaPt(IMmuInspector mmu, TextWriter o, string args)
    {
        if (!TryParseRange(args, out var start, out var end, defaultEnd: 1ul << 32))
        {
            o.WriteLine("usage: monitor gpa-pt [START[-END] | START +LEN]");
            return;
        }
        var pt = mmu.GpaPageTable(start >> 12, (end + 0xfff) >> 12, maxEntries: 32);
        o.WriteLine($"gpa 0x{start:x8}-0x{end - 1:x8}: {pt.Present} present, {pt.Young} young, {pt.Dirty} dirty, {pt.Writable} writable ({pt.TableCount} PTE tables)");
        foreach (var e in pt.First)
        {
            o.WriteLine($"  gpa 0x{e.Gfn << 12:x8}: {e.Description}");
        }
        if (pt.Present > pt.First.Count)
        {
            o.WriteLine($"  ... {pt.Present - pt.First.Count} more");
        }
    }

    /// <summary>
    /// `dirty-log SLOT on|off|get` (get is the default): what a VMM does for live migration. on/off flip
    /// KVM_MEM_LOG_DIRTY_PAGES with a flags-only KVM_SET_USER_MEMORY_REGION (turning it on write-protects
    /// the slot so every first write is seen); get is KVM_GET_DIRTY_LOG.
    /// </summary>
    private static void DirtyLog(IMmuInspector mmu, TextWriter o, string args)
    {
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words.Length > 1 ? words[1] : "get";
        if (words.Length is < 1 or > 2 || !int.TryParse(words[0], NumberStyles.None, CultureInfo.InvariantCulture, out var slotId)
            || verb is not ("on" or "off" or "get"))
        {
            o.WriteLine("usage: monitor dirty-log SLOT [on|off|get]");
            return;
        }
        if (verb != "get")
        {
            var error = mmu.SetDirtyLogging(slotId, verb == "on");
            o.WriteLine(error is null ? $"slot {slotId}: dirty logging {verb}" : $"dirty-log: {error}");
            return;
        }
        var log = mmu.GetDirtyLog(slotId);
        if (log.Error is { } failed)
        {
            o.WriteLine($"dirty-log: {failed}");
            return;
        }
        o.WriteLine($"slot {slotId}: {log.DirtyGfns.Count} dirty pages (now write-protected again)");
        foreach (var gfn in log.DirtyGfns.Take(32))
        {
            o.WriteLine($"  gpa 0x{gfn << 12:x8}");
        }
    }

    private static void Host(IMmuInspector mmu, TextWriter o, string args)
    {
        var words = args.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1 && words[0] == "cow-release")
        {
            o.WriteLine($"released {mmu.ReleaseCowSnapshots()} COW snapshots");
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
        HostEventKind? kind = words.Length == 0 ? null : words[0] switch
        {
            "ksm" => HostEventKind.Ksm,
            "cow" => HostEventKind.Cow,
            "swap-out" => HostEventKind.SwapOut,
            "balloon" => HostEventKind.Balloon,
            "deflate" => HostEventKind.Deflate,
            "age" => HostEventKind.Age,
            "idle" => HostEventKind.Idle,
            "mprotect" when writableArg == "ro" => HostEventKind.MprotectReadOnly,
            "mprotect" when writableArg == "rw" => HostEventKind.MprotectWritable,
            _ => null,
        };
        if (words.Length == 0 || !TryParseRange(rest, out var start, out var end, defaultEnd: null) || mmu.HostRange(start, end) is null)
        {
            o.WriteLine("usage: monitor host ksm|cow|cow-release|swap-out|balloon|deflate|age|idle|mprotect ro|rw START[-END] (one memslot, page aligned)");
            return;
        }
        if (kind is null || mmu.HostEvent(kind.Value, start, end) is not { } r)
        {
            o.WriteLine($"host: unknown event '{words[0]}'");
            return;
        }
        var result = kind.Value switch
        {
            HostEventKind.Ksm => $"{r.Count} pages merged",
            HostEventKind.Cow => $"COW snapshot {r.Count} taken (monitor host cow-release drops them)",
            HostEventKind.SwapOut => $"{r.Count} pages swapped out",
            HostEventKind.Balloon => $"{r.Count} pages ballooned away (the next touch reads zeros)",
            HostEventKind.Deflate => $"{r.Count} pages returned",
            HostEventKind.Age => $"{r.Count} pages aged (clear_flush_young)",
            HostEventKind.Idle => r.Count != 0 ? "pages marked idle (clear_young); some were young" : "pages marked idle (clear_young); none was young",
            HostEventKind.MprotectWritable => "made writable",
            _ => "write-protected",
        };
        o.WriteLine($"host {words[0]} gpa 0x{start:x8}-0x{end - 1:x8} (hva 0x{r.Hva:x}): {result}; mmu_notifier_seq {r.SeqBefore} -> {r.SeqAfter}");
    }

    private static void KvmStat(IMmuInspector mmu, TextWriter o)
    {
        var stat = mmu.Stat();
        for (var i = 0; i < stat.Vcpus.Count; i++)
        {
            var s = stat.Vcpus[i];
            o.WriteLine($"vcpu{i}: gpa faults fast {s.GpaFaultsFast} slow {s.GpaFaultsSlow} retries {s.GpaFaultRetries}; " +
                        $"tlbmiss_ld {s.TlbmissLdExits} tlbmiss_st {s.TlbmissStExits} mmio {s.MmioExits} host_fault {s.HostFaultExits}");
        }
        var v = stat.Vm;
        o.WriteLine($"vm: flush requests {v.FlushRequests}, remote_tlb_flush {v.RemoteTlbFlush}; notifier range_start {v.NotifierInvalidateRangeStart} " +
                    $"change_pte {v.NotifierChangePte} clear_flush_young {v.NotifierClearFlushYoung} clear_young {v.NotifierClearYoung}; " +
                    $"PTEs zapped {v.GpaPtesZapped} aged {v.GpaPtesAged} cleaned {v.GpaPtesCleaned}; dirty-log gets {v.DirtyLogGets}");
        o.WriteLine($"host: {stat.Host}");
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
