using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

[module: SkipLocalsInit] // the stackalloc'd EventData[] is fully written before use; skip zeroing it

namespace Emu.Tracing;

/// <summary>
/// The <c>Emu-Kvm</c> provider: Emu's equivalent of KVM's tracepoints (kvm_enter/kvm_exit/...) and of the
/// MMU events KVM does not trace. The provider name, event ids (<see cref="EventIds"/>), keyword bits
/// (<see cref="Keywords"/>), payload field order and enum values are a published format: extend, never change.
/// </summary>
/// <remarks>
/// <para>Call sites use <see cref="EmuKvmTrace"/>, whose inlined guards make a disabled event cost a
/// field load; the methods here are the events themselves (every public method of an EventSource is one,
/// so helpers are [NonEvent]).</para>
/// <para>Levels: per-instruction-rate events are Verbose, so that dotnet-counters (which enables the provider
/// at Informational with all keywords) never switches them on. Only rare events (vCPU run start/stop,
/// memslot changes, dirty-log reads) are Informational.</para>
/// <para>Payloads: GPA, GFN, HVA and guest addresses (PC, BadVAddr, TLB entry words) are UInt64, because
/// TraceEvent and PerfView print UInt64 in hex and 32-bit integers in decimal (version 1 widened the guest
/// addresses; the values are unchanged). Enums are Int32 followed by a <c>...Name</c> string with the name
/// (<see cref="PayloadNames"/>: EventPipe carries no manifest, so this is the only way names reach a viewer); bools are 4-byte Win32 BOOLs; per-vCPU events carry <c>seq</c>, a per-vCPU
/// counter of emitted events (see <see cref="VcpuSequence"/>), so a gap means lost events; an event that
/// ends an operation carries <c>durationNs</c>, so latency needs no start/stop matching.</para>
/// </remarks>
[EventSource(Name = ProviderName)]
public sealed unsafe partial class EmuKvmEventSource : EventSource
{
    public const string ProviderName = "Emu-Kvm";

    /// <summary>The one instance; EventSources are process-wide singletons by name.</summary>
    public static readonly EmuKvmEventSource Log = new();

    /// <summary>Every Emu-Kvm keyword (<c>--providers Emu-Kvm:0x7FFF:5</c>).</summary>
    public const EventKeywords AllKeywords = (EventKeywords)0x7FFF;

    // The name is passed, not found from [EventSource] by reflection (the parameterless base constructor does that, and
    // it JIT-compiled reflection stubs at every start-up); the GUID derives from the name either way, and the format
    // stays the manifest one that the parameterless constructor uses.
    private EmuKvmEventSource()
        : base(ProviderName, EventSourceSettings.EtwManifestEventFormat)
    {
    }

    /// <summary>
    /// One bit per subsystem, so a session can pick subsystems (<c>Emu-Kvm:0x1F:5</c> =
    /// Fault|Retry|Flush|Notifier|Exit at Verbose). Stable bits: never reuse. (EventSource finds keywords
    /// only in a nested class of this name.)
    /// </summary>
    public static class Keywords
    {
        public const EventKeywords Fault = (EventKeywords)0x1;
        public const EventKeywords Retry = (EventKeywords)0x2;
        public const EventKeywords Flush = (EventKeywords)0x4;
        public const EventKeywords Notifier = (EventKeywords)0x8;
        public const EventKeywords Exit = (EventKeywords)0x10;
        public const EventKeywords Tlb = (EventKeywords)0x20;
        public const EventKeywords HostMm = (EventKeywords)0x40;
        public const EventKeywords Memslot = (EventKeywords)0x80;
        public const EventKeywords Gdb = (EventKeywords)0x100;
        public const EventKeywords Cpu = (EventKeywords)0x200;
        public const EventKeywords Sample = (EventKeywords)0x400;
        public const EventKeywords Irq = (EventKeywords)0x800;
        public const EventKeywords Wait = (EventKeywords)0x1000;
        /// <summary>Machine snapshots, their loads, and replay divergences (EmuKvmEventSource.Snapshot.cs).</summary>
        public const EventKeywords Snapshot = (EventKeywords)0x2000;
        /// <summary>The translator's regions compiled and dropped (EmuKvmEventSource.Jit.cs).</summary>
        public const EventKeywords Jit = (EventKeywords)0x4000;
    }

    /// <summary>
    /// A session enabled the provider: the counters are made (EmuKvmCounters.PublishAll), and the provider argument
    /// <c>SampleInterval=N</c> (<c>Emu-Kvm:0x400:5:SampleInterval=N</c>) sets the guest instructions between two
    /// <see cref="GuestPcSample"/> events of one vCPU (read by every vCPU at batch boundaries).
    /// </summary>
    protected override void OnEventCommand(EventCommandEventArgs command)
    {
        if (command.Command == EventCommand.Enable)
        {
            // The counters exist from the first session on (EmuKvmCounters): dotnet-counters' own enable gets them.
            EmuKvmCounters.PublishAll();
        }
        if (command.Command == EventCommand.Enable && command.Arguments is { } args
            && args.TryGetValue("SampleInterval", out var text) && long.TryParse(text, out var interval) && interval > 0)
        {
            EmuKvmTrace.SampleInterval = interval;
        }
    }

    [NonEvent]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EventData Field(void* p, int size) => new() { DataPointer = (nint)p, Size = size };

    /// <summary>A string field: UTF-16 with its terminating NUL, as EventPipe's metadata for a String says.</summary>
    [NonEvent]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static EventData Text(char* p, string s) => new() { DataPointer = (nint)p, Size = (s.Length + 1) * 2 };

    [Event(EventIds.VcpuEnter, Version = 1, Level = EventLevel.Informational, Keywords = Keywords.Cpu, Message = "vCPU {0} enters guest at pc {2}")]
    public void VcpuEnter(int vcpu, long seq, ulong pc)
    {
        var d = stackalloc EventData[3];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&pc, 8);
        WriteEventCore(EventIds.VcpuEnter, 3, d);
    }

    [Event(EventIds.VcpuReenter, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Cpu)]
    public void VcpuReenter(int vcpu, long seq, ulong pc)
    {
        var d = stackalloc EventData[3];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&pc, 8);
        WriteEventCore(EventIds.VcpuReenter, 3, d);
    }

    [Event(EventIds.VcpuOut, Version = 1, Level = EventLevel.Informational, Keywords = Keywords.Cpu, Message = "vCPU {0} leaves guest at pc {2}: {4}")]
    public void VcpuOut(int vcpu, long seq, ulong pc, VcpuStopReason stopReason, string stopReasonName)
    {
        var r = (int)stopReason;
        fixed (char* n = stopReasonName)
        {
            var d = stackalloc EventData[5];
            d[0] = Field(&vcpu, 4);
            d[1] = Field(&seq, 8);
            d[2] = Field(&pc, 8);
            d[3] = Field(&r, 4);
            d[4] = Text(n, stopReasonName);
            WriteEventCore(EventIds.VcpuOut, 5, d);
        }
    }

    [Event(EventIds.Exit, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Exit)]
    public void Exit(int vcpu, long seq, ExitReason reason, ulong pc, ulong badVAddr, string reasonName)
    {
        var r = (int)reason;
        fixed (char* n = reasonName)
        {
            var d = stackalloc EventData[6];
            d[0] = Field(&vcpu, 4);
            d[1] = Field(&seq, 8);
            d[2] = Field(&r, 4);
            d[3] = Field(&pc, 8);
            d[4] = Field(&badVAddr, 8);
            d[5] = Text(n, reasonName);
            WriteEventCore(EventIds.Exit, 6, d);
        }
    }

    [Event(EventIds.GpaFault, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Fault)]
    public void GpaFault(int vcpu, long seq, ulong gpa, bool write, FaultPath path, FaultResult result, int retries, long durationNs,
        string pathName, string resultName)
    {
        int w = write ? 1 : 0, p = (int)path, r = (int)result;
        fixed (char* pn = pathName, rn = resultName)
        {
            var d = stackalloc EventData[10];
            d[0] = Field(&vcpu, 4);
            d[1] = Field(&seq, 8);
            d[2] = Field(&gpa, 8);
            d[3] = Field(&w, 4);
            d[4] = Field(&p, 4);
            d[5] = Field(&r, 4);
            d[6] = Field(&retries, 4);
            d[7] = Field(&durationNs, 8);
            d[8] = Text(pn, pathName);
            d[9] = Text(rn, resultName);
            WriteEventCore(EventIds.GpaFault, 10, d);
        }
    }

    [Event(EventIds.GpaFaultRetry, Level = EventLevel.Verbose, Keywords = Keywords.Retry)]
    public void GpaFaultRetry(int vcpu, long seq, ulong gfn, long notifierSeqRead, long notifierSeqNow, long notifierCountNow)
    {
        var d = stackalloc EventData[6];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&gfn, 8);
        d[3] = Field(&notifierSeqRead, 8);
        d[4] = Field(&notifierSeqNow, 8);
        d[5] = Field(&notifierCountNow, 8);
        WriteEventCore(EventIds.GpaFaultRetry, 6, d);
    }

    [Event(EventIds.MmioExit, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Exit)]
    public void MmioExit(int vcpu, long seq, ulong gpa, int size, bool isWrite, ulong data, string device)
    {
        var w = isWrite ? 1 : 0;
        fixed (char* n = device)
        {
            var d = stackalloc EventData[7];
            d[0] = Field(&vcpu, 4);
            d[1] = Field(&seq, 8);
            d[2] = Field(&gpa, 8);
            d[3] = Field(&size, 4);
            d[4] = Field(&w, 4);
            d[5] = Field(&data, 8);
            d[6] = Text(n, device);
            WriteEventCore(EventIds.MmioExit, 7, d);
        }
    }

    [Event(EventIds.IrqLine, Level = EventLevel.Verbose, Keywords = Keywords.Irq)]
    public void IrqLine(int vcpu, int line, bool asserted)
    {
        var a = asserted ? 1 : 0;
        var d = stackalloc EventData[3];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&line, 4);
        d[2] = Field(&a, 4);
        WriteEventCore(EventIds.IrqLine, 3, d);
    }

    [Event(EventIds.VcpuBlock, Level = EventLevel.Verbose, Keywords = Keywords.Wait)]
    public void VcpuBlock(int vcpu, long seq, ulong pc)
    {
        var d = stackalloc EventData[3];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&pc, 8);
        WriteEventCore(EventIds.VcpuBlock, 3, d);
    }

    [Event(EventIds.VcpuWake, Level = EventLevel.Verbose, Keywords = Keywords.Wait)]
    public void VcpuWake(int vcpu, long seq, long waitedNs, bool byInterrupt)
    {
        var b = byInterrupt ? 1 : 0;
        var d = stackalloc EventData[4];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&waitedNs, 8);
        d[3] = Field(&b, 4);
        WriteEventCore(EventIds.VcpuWake, 4, d);
    }

    [Event(EventIds.FlushShadow, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Flush)]
    public void FlushShadow(FlushCause cause, int vcpusWaited, long durationNs, string causeName)
    {
        var c = (int)cause;
        fixed (char* n = causeName)
        {
            var d = stackalloc EventData[4];
            d[0] = Field(&c, 4);
            d[1] = Field(&vcpusWaited, 4);
            d[2] = Field(&durationNs, 8);
            d[3] = Text(n, causeName);
            WriteEventCore(EventIds.FlushShadow, 4, d);
        }
    }

    [Event(EventIds.Notifier, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Notifier)]
    public void Notifier(NotifierKind kind, ulong hvaStart, ulong hvaEnd, long gfnsAffected, long durationNs, string kindName)
    {
        var k = (int)kind;
        fixed (char* n = kindName)
        {
            var d = stackalloc EventData[6];
            d[0] = Field(&k, 4);
            d[1] = Field(&hvaStart, 8);
            d[2] = Field(&hvaEnd, 8);
            d[3] = Field(&gfnsAffected, 8);
            d[4] = Field(&durationNs, 8);
            d[5] = Text(n, kindName);
            WriteEventCore(EventIds.Notifier, 6, d);
        }
    }

    [Event(EventIds.HostMmEvent, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.HostMm)]
    public void HostMmEvent(HostMmEventKind kind, ulong hvaStart, long pages, string kindName)
    {
        var k = (int)kind;
        fixed (char* n = kindName)
        {
            var d = stackalloc EventData[4];
            d[0] = Field(&k, 4);
            d[1] = Field(&hvaStart, 8);
            d[2] = Field(&pages, 8);
            d[3] = Text(n, kindName);
            WriteEventCore(EventIds.HostMmEvent, 4, d);
        }
    }

    [Event(EventIds.MemslotChange, Version = 1, Level = EventLevel.Informational, Keywords = Keywords.Memslot)]
    public void MemslotChange(int slot, MemslotChangeKind change, ulong baseGfn, ulong npages, ulong hva, uint flags, string changeName)
    {
        var c = (int)change;
        fixed (char* n = changeName)
        {
            var d = stackalloc EventData[7];
            d[0] = Field(&slot, 4);
            d[1] = Field(&c, 4);
            d[2] = Field(&baseGfn, 8);
            d[3] = Field(&npages, 8);
            d[4] = Field(&hva, 8);
            d[5] = Field(&flags, 4);
            d[6] = Text(n, changeName);
            WriteEventCore(EventIds.MemslotChange, 7, d);
        }
    }

    [Event(EventIds.DirtyLogGet, Level = EventLevel.Informational, Keywords = Keywords.Memslot)]
    public void DirtyLogGet(int slot, long dirtyPages, long durationNs)
    {
        var d = stackalloc EventData[3];
        d[0] = Field(&slot, 4);
        d[1] = Field(&dirtyPages, 8);
        d[2] = Field(&durationNs, 8);
        WriteEventCore(EventIds.DirtyLogGet, 3, d);
    }

    [Event(EventIds.GuestTlbWrite, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Tlb)]
    public void GuestTlbWrite(int vcpu, long seq, int index, ulong entryHi, ulong entryLo0, ulong entryLo1, ulong pageMask, bool random)
    {
        var r = random ? 1 : 0;
        var d = stackalloc EventData[8];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&index, 4);
        d[3] = Field(&entryHi, 8);
        d[4] = Field(&entryLo0, 8);
        d[5] = Field(&entryLo1, 8);
        d[6] = Field(&pageMask, 8);
        d[7] = Field(&r, 4);
        WriteEventCore(EventIds.GuestTlbWrite, 8, d);
    }

    [Event(EventIds.AsidChange, Level = EventLevel.Verbose, Keywords = Keywords.Tlb)]
    public void AsidChange(int vcpu, long seq, uint oldAsid, uint newAsid)
    {
        var d = stackalloc EventData[4];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&oldAsid, 4);
        d[3] = Field(&newAsid, 4);
        WriteEventCore(EventIds.AsidChange, 4, d);
    }

    [Event(EventIds.GuestPcSample, Level = EventLevel.Verbose, Keywords = Keywords.Sample)]
    public void GuestPcSample(int vcpu, long seq, ulong pc, long instructions)
    {
        var d = stackalloc EventData[4];
        d[0] = Field(&vcpu, 4);
        d[1] = Field(&seq, 8);
        d[2] = Field(&pc, 8);
        d[3] = Field(&instructions, 8);
        WriteEventCore(EventIds.GuestPcSample, 4, d);
    }

    [Event(EventIds.GdbPacket, Version = 1, Level = EventLevel.Verbose, Keywords = Keywords.Gdb)]
    public void GdbPacket(GdbPacketKind kind, int length, string kindName)
    {
        var k = (int)kind;
        fixed (char* n = kindName)
        {
            var d = stackalloc EventData[3];
            d[0] = Field(&k, 4);
            d[1] = Field(&length, 4);
            d[2] = Text(n, kindName);
            WriteEventCore(EventIds.GdbPacket, 3, d);
        }
    }
}
