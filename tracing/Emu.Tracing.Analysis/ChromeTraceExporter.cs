using System.Text.Json;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Writes a Trace Event Format JSON timeline (chrome://tracing, ui.perfetto.dev, speedscope's importer):
/// one track (tid) per vCPU plus a "VM" track for VM-wide events. Events that carry a duration end an
/// operation, so they become complete events ("X") that start durationNs before their timestamp; the
/// rest are instants ("i"); counter samples become counter tracks ("C"). 64-bit addresses are hex strings
/// because JSON numbers are doubles.
/// </summary>
public static class ChromeTraceExporter
{
    /// <summary>The track for events that belong to no vCPU.</summary>
    public const int VmTrack = 1_000_000;

    /// <summary>Writes an in-memory trace (tests); `emu-trace export` streams through <see cref="ChromeTraceWriter"/>.</summary>
    public static void Write(TraceData data, Stream output)
    {
        using var w = new ChromeTraceWriter(output, data.ProcessId);
        data.Records.ForEach(w.Add);
        data.Counters.ForEach(w.Add);
    }

    /// <summary>Names a track (Trace Event Format metadata event "thread_name").</summary>
    internal static void TrackName(Utf8JsonWriter w, int pid, int tid, string name)
    {
        w.WriteStartObject();
        w.WriteString("name", "thread_name");
        w.WriteString("ph", "M");
        w.WriteNumber("pid", pid);
        w.WriteNumber("tid", tid);
        w.WriteStartObject("args");
        w.WriteString("name", name);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    internal static void WriteCounter(Utf8JsonWriter w, int pid, CounterSample c)
    {
        w.WriteStartObject();
        w.WriteString("name", c.Name);
        w.WriteString("ph", "C");
        w.WriteNumber("ts", c.TimeMs * 1000);
        w.WriteNumber("pid", pid);
        w.WriteStartObject("args");
        w.WriteNumber("value", c.Value);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    internal static void WriteRecord(Utf8JsonWriter w, int pid, EmuKvmRecord r)
    {
        var name = TraceReport.EventName(r);
        var durationNs = r switch
        {
            GpaFaultRecord f => f.DurationNs,
            FlushShadowRecord f => f.DurationNs,
            NotifierRecord n => n.DurationNs,
            DirtyLogGetRecord d => d.DurationNs,
            VcpuWakeRecord wake => wake.WaitedNs,
            RegionCompiledRecord c => c.CompileUs * 1000, // emitted when the compilation ends
            _ => -1,
        };
        var endUs = r.TimeMs * 1000;
        w.WriteStartObject();
        w.WriteString("name", r switch
        {
            ExitRecord e => $"exit {PayloadNames.Of(e.Reason)}",
            GpaFaultRecord f => $"fault {f.Path} {f.Result}",
            FlushShadowRecord f => $"flush {f.Cause}",
            NotifierRecord n => $"notifier {n.Kind}",
            HostMmRecord h => $"host {h.Kind}",
            MmioExitRecord m => $"mmio {m.Device}",
            IrqLineRecord q => $"irq IP{q.Line + 2} {(q.Asserted ? "up" : "down")}",
            RegionCompiledRecord c => $"jit compile 0x{c.Pc:x}",
            RegionInvalidatedRecord i => $"jit drop {i.Reason}",
            _ => name,
        });
        w.WriteString("cat", name);
        if (durationNs >= 0)
        {
            w.WriteString("ph", "X");
            w.WriteNumber("ts", endUs - durationNs / 1000.0);
            w.WriteNumber("dur", durationNs / 1000.0);
        }
        else
        {
            w.WriteString("ph", "i");
            w.WriteString("s", "t");
            w.WriteNumber("ts", endUs);
        }
        w.WriteNumber("pid", pid);
        w.WriteNumber("tid", TraceReport.VcpuOf(r) ?? VmTrack);
        w.WriteStartObject("args");
        WriteArgs(w, r);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteArgs(Utf8JsonWriter w, EmuKvmRecord r)
    {
        if (r is VcpuRecord v)
        {
            w.WriteNumber("seq", v.Seq);
        }
        switch (r)
        {
            case VcpuTransitionRecord t:
                w.WriteString("pc", Hex(t.Pc));
                if (t.StopReason is { } s)
                {
                    w.WriteString("stopReason", s.ToString());
                }
                break;
            case ExitRecord e:
                w.WriteString("reason", PayloadNames.Of(e.Reason));
                w.WriteString("pc", Hex(e.Pc));
                w.WriteString("badVAddr", Hex(e.BadVAddr));
                break;
            case GpaFaultRecord f:
                w.WriteString("gpa", Hex(f.Gpa));
                w.WriteBoolean("write", f.Write);
                w.WriteNumber("retries", f.Retries);
                break;
            case GpaFaultRetryRecord g:
                w.WriteString("gfn", Hex(g.Gfn));
                w.WriteNumber("notifierSeqRead", g.NotifierSeqRead);
                w.WriteNumber("notifierSeqNow", g.NotifierSeqNow);
                w.WriteNumber("notifierCountNow", g.NotifierCountNow);
                break;
            case MmioExitRecord m:
                w.WriteString("gpa", Hex(m.Gpa));
                w.WriteNumber("size", m.Size);
                w.WriteBoolean("write", m.IsWrite);
                w.WriteString("data", Hex(m.Data));
                w.WriteString("device", m.Device);
                break;
            case GuestTlbWriteRecord t:
                w.WriteNumber("index", t.Index);
                w.WriteString("entryHi", Hex(t.EntryHi));
                w.WriteString("entryLo0", Hex(t.EntryLo0));
                w.WriteString("entryLo1", Hex(t.EntryLo1));
                w.WriteString("pageMask", Hex(t.PageMask));
                w.WriteBoolean("random", t.Random);
                break;
            case AsidChangeRecord a:
                w.WriteNumber("oldAsid", a.OldAsid);
                w.WriteNumber("newAsid", a.NewAsid);
                break;
            case FlushShadowRecord f:
                w.WriteNumber("vcpusWaited", f.VcpusWaited);
                break;
            case NotifierRecord n:
                w.WriteString("hvaStart", Hex(n.HvaStart));
                w.WriteString("hvaEnd", Hex(n.HvaEnd));
                w.WriteNumber("gfnsAffected", n.GfnsAffected);
                break;
            case HostMmRecord h:
                w.WriteString("hvaStart", Hex(h.HvaStart));
                w.WriteNumber("pages", h.Pages);
                break;
            case MemslotChangeRecord m:
                w.WriteNumber("slot", m.Slot);
                w.WriteString("change", m.Change.ToString());
                w.WriteString("baseGfn", Hex(m.BaseGfn));
                w.WriteNumber("npages", m.NPages);
                w.WriteString("hva", Hex(m.Hva));
                w.WriteNumber("flags", m.Flags);
                break;
            case DirtyLogGetRecord d:
                w.WriteNumber("slot", d.Slot);
                w.WriteNumber("dirtyPages", d.DirtyPages);
                break;
            case GdbPacketRecord g:
                w.WriteString("kind", g.Kind.ToString());
                w.WriteNumber("length", g.Length);
                break;
            case RegionCompiledRecord c:
                w.WriteString("pc", Hex(c.Pc));
                w.WriteNumber("instructions", c.Instructions);
                w.WriteNumber("entries", c.Entries);
                w.WriteNumber("compileUs", c.CompileUs);
                break;
            case RegionInvalidatedRecord i:
                w.WriteString("pc", Hex(i.Pc));
                w.WriteNumber("instructions", i.Instructions);
                w.WriteString("reason", i.Reason);
                break;
        }
    }

    private static string Hex(ulong value) => $"0x{value:x}";
}
