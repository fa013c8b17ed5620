using System.Globalization;
using Microsoft.Diagnostics.Tracing;

namespace Emu.Tracing.Analysis;

/// <summary>
/// Turns one TraceEvent record of the Emu-Kvm provider into a typed record, by event id (ids are
/// stable; names are checked too so a trace from an incompatible build is not misread).
/// Payload fields are read by name, the names being the EventSource parameter names.
/// </summary>
public static class PayloadDecoder
{
    public static EmuKvmRecord? Decode(TraceEvent e)
    {
        var t = e.TimeStampRelativeMSec;
        var tid = e.ThreadID;
        return (int)e.ID switch
        {
            EventIds.VcpuEnter => new VcpuTransitionRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), VcpuTransition.Enter, U32(e, "pc"), null),
            EventIds.VcpuReenter => new VcpuTransitionRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), VcpuTransition.Reenter, U32(e, "pc"), null),
            EventIds.VcpuOut => new VcpuTransitionRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), VcpuTransition.Out, U32(e, "pc"), (VcpuStopReason)I32(e, "stopReason")),
            EventIds.Exit => new ExitRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), (ExitReason)I32(e, "reason"), U32(e, "pc"), U32(e, "badVAddr")),
            EventIds.GpaFault => new GpaFaultRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U64(e, "gpa"), Bool(e, "write"),
                (FaultPath)I32(e, "path"), (FaultResult)I32(e, "result"), I32(e, "retries"), I64(e, "durationNs")),
            EventIds.GpaFaultRetry => new GpaFaultRetryRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U64(e, "gfn"),
                I64(e, "notifierSeqRead"), I64(e, "notifierSeqNow"), I64(e, "notifierCountNow")),
            EventIds.MmioExit => new MmioExitRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U64(e, "gpa"), I32(e, "size"), Bool(e, "isWrite"), U64(e, "data"),
                e.PayloadByName("device") as string ?? ""),
            EventIds.IrqLine => new IrqLineRecord(t, tid, I32(e, "vcpu"), I32(e, "line"), Bool(e, "asserted")),
            EventIds.VcpuBlock => new VcpuBlockRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U64(e, "pc")),
            EventIds.VcpuWake => new VcpuWakeRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), I64(e, "waitedNs"), Bool(e, "byInterrupt")),
            EventIds.FlushShadow => new FlushShadowRecord(t, tid, (FlushCause)I32(e, "cause"), I32(e, "vcpusWaited"), I64(e, "durationNs")),
            EventIds.Notifier => new NotifierRecord(t, tid, (NotifierKind)I32(e, "kind"), U64(e, "hvaStart"), U64(e, "hvaEnd"), I64(e, "gfnsAffected"), I64(e, "durationNs")),
            EventIds.HostMmEvent => new HostMmRecord(t, tid, (HostMmEventKind)I32(e, "kind"), U64(e, "hvaStart"), I64(e, "pages")),
            EventIds.MemslotChange => new MemslotChangeRecord(t, tid, I32(e, "slot"), (MemslotChangeKind)I32(e, "change"), U64(e, "baseGfn"), U64(e, "npages"), U64(e, "hva"), U32(e, "flags")),
            EventIds.DirtyLogGet => new DirtyLogGetRecord(t, tid, I32(e, "slot"), I64(e, "dirtyPages"), I64(e, "durationNs")),
            EventIds.GuestTlbWrite => new GuestTlbWriteRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), I32(e, "index"), U32(e, "entryHi"),
                U32(e, "entryLo0"), U32(e, "entryLo1"), U32(e, "pageMask"), Bool(e, "random")),
            EventIds.AsidChange => new AsidChangeRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U32(e, "oldAsid"), U32(e, "newAsid")),
            EventIds.GuestPcSample => new GuestPcSampleRecord(t, tid, I32(e, "vcpu"), I64(e, "seq"), U64(e, "pc"), I64(e, "instructions")),
            EventIds.GdbPacket => new GdbPacketRecord(t, tid, (GdbPacketKind)I32(e, "kind"), I32(e, "length")),
            EventIds.RegionCompiled => new RegionCompiledRecord(t, tid, I32(e, "vcpu"), U64(e, "pc"), I32(e, "instructions"), I32(e, "entries"), I64(e, "compileUs")),
            EventIds.RegionInvalidated => new RegionInvalidatedRecord(t, tid, I32(e, "vcpu"), U64(e, "pc"), I32(e, "instructions"),
                e.PayloadByName("reason") as string ?? ""),
            _ => null,
        };
    }

    /// <summary>An EventCounters event's sample, or null if it is not one.</summary>
    public static CounterSample? DecodeCounter(TraceEvent e)
    {
        if (e.EventName != "EventCounters" || e.PayloadValue(0) is not IDictionary<string, object> outer
            || !outer.TryGetValue("Payload", out var inner) || inner is not IDictionary<string, object> p)
        {
            return null;
        }
        var name = p.TryGetValue("Name", out var n) ? n?.ToString() ?? "" : "";
        var display = p.TryGetValue("DisplayName", out var d) ? d?.ToString() ?? name : name;
        var isRate = p.TryGetValue("Increment", out var inc);
        var value = isRate ? inc : p.TryGetValue("Mean", out var mean) ? mean : 0.0;
        var units = p.TryGetValue("DisplayUnits", out var u) ? u?.ToString() ?? "" : "";
        return new CounterSample(e.TimeStampRelativeMSec, name, display, Convert.ToDouble(value, CultureInfo.InvariantCulture), isRate, units);
    }

    private static object Field(TraceEvent e, string name) =>
        e.PayloadByName(name) ?? throw new InvalidDataException($"{e.EventName}: payload field '{name}' missing (trace from an incompatible Emu build?)");

    private static int I32(TraceEvent e, string name) => Convert.ToInt32(Field(e, name), CultureInfo.InvariantCulture);

    private static long I64(TraceEvent e, string name) => Convert.ToInt64(Field(e, name), CultureInfo.InvariantCulture);

    private static uint U32(TraceEvent e, string name) => Convert.ToUInt32(Field(e, name), CultureInfo.InvariantCulture);

    private static ulong U64(TraceEvent e, string name) => Convert.ToUInt64(Field(e, name), CultureInfo.InvariantCulture);

    private static bool Bool(TraceEvent e, string name) => Field(e, name) switch
    {
        bool b => b,
        var o => Convert.ToInt32(o, CultureInfo.InvariantCulture) != 0,
    };
}
