namespace Emu.Tracing.Analysis;

/// <summary>
/// One Emu-Kvm event read back from a trace. <see cref="TimeMs"/> is milliseconds since the session
/// started (TraceEvent's TimeStampRelativeMSec); <see cref="ThreadId"/> is the emitting OS thread.
/// </summary>
public abstract record EmuKvmRecord(double TimeMs, int ThreadId);

/// <summary>A per-vCPU event: carries the vCPU and its per-vCPU sequence number (gaps = lost events).</summary>
public abstract record VcpuRecord(double TimeMs, int ThreadId, int Vcpu, long Seq) : EmuKvmRecord(TimeMs, ThreadId);

public enum VcpuTransition
{
    Enter,
    Reenter,
    Out,
}

public sealed record VcpuTransitionRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, VcpuTransition Kind, uint Pc, VcpuStopReason? StopReason)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record ExitRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ExitReason Reason, uint Pc, uint BadVAddr)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record GpaFaultRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ulong Gpa, bool Write, FaultPath Path, FaultResult Result, int Retries, long DurationNs)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record GpaFaultRetryRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ulong Gfn, long NotifierSeqRead, long NotifierSeqNow, long NotifierCountNow)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record MmioExitRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ulong Gpa, int Size, bool IsWrite, ulong Data, string Device)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

/// <summary>A vCPU's interrupt line changed (not per-vCPU sequenced: any thread raises lines).</summary>
public sealed record IrqLineRecord(double TimeMs, int ThreadId, int Vcpu, int Line, bool Asserted) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record VcpuBlockRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ulong Pc) : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record VcpuWakeRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, long WaitedNs, bool ByInterrupt) : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record GuestTlbWriteRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, int Index, uint EntryHi, uint EntryLo0, uint EntryLo1, uint PageMask, bool Random)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record AsidChangeRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, uint OldAsid, uint NewAsid)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

/// <summary>A guest PC sample: where the vCPU was after <see cref="Instructions"/> retired instructions.</summary>
public sealed record GuestPcSampleRecord(double TimeMs, int ThreadId, int Vcpu, long Seq, ulong Pc, long Instructions)
    : VcpuRecord(TimeMs, ThreadId, Vcpu, Seq);

public sealed record FlushShadowRecord(double TimeMs, int ThreadId, FlushCause Cause, int VcpusWaited, long DurationNs) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record NotifierRecord(double TimeMs, int ThreadId, NotifierKind Kind, ulong HvaStart, ulong HvaEnd, long GfnsAffected, long DurationNs) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record HostMmRecord(double TimeMs, int ThreadId, HostMmEventKind Kind, ulong HvaStart, long Pages) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record MemslotChangeRecord(double TimeMs, int ThreadId, int Slot, MemslotChangeKind Change, ulong BaseGfn, ulong NPages, ulong Hva, uint Flags) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record DirtyLogGetRecord(double TimeMs, int ThreadId, int Slot, long DirtyPages, long DurationNs) : EmuKvmRecord(TimeMs, ThreadId);

public sealed record GdbPacketRecord(double TimeMs, int ThreadId, GdbPacketKind Kind, int Length) : EmuKvmRecord(TimeMs, ThreadId);

/// <summary>
/// A translator event about one region of a vCPU's code cache: the guest PC it starts at and how many guest
/// instructions it covers. Belongs to its vCPU (track, <c>--vcpu</c>) but carries no <c>seq</c>: the translator
/// runs on the vCPU's thread yet outside the run loop's numbered events.
/// </summary>
public abstract record JitRegionRecord(double TimeMs, int ThreadId, int Vcpu, ulong Pc, int Instructions) : EmuKvmRecord(TimeMs, ThreadId);

/// <summary>RegionCompiled: a region was translated, with its entry points and the host time its compilation took.</summary>
public sealed record RegionCompiledRecord(double TimeMs, int ThreadId, int Vcpu, ulong Pc, int Instructions, int Entries, long CompileUs)
    : JitRegionRecord(TimeMs, ThreadId, Vcpu, Pc, Instructions);

/// <summary>RegionInvalidated: a region was dropped (reason <c>code-changed</c> or <c>cache-dropped</c>).</summary>
public sealed record RegionInvalidatedRecord(double TimeMs, int ThreadId, int Vcpu, ulong Pc, int Instructions, string Reason)
    : JitRegionRecord(TimeMs, ThreadId, Vcpu, Pc, Instructions);

/// <summary>
/// One EventCounters sample: the counter's value over one interval (rate counters: the increment), and the
/// units its source declared (DisplayUnits: "ms", "%", ...; empty when it declared none).
/// </summary>
public sealed record CounterSample(double TimeMs, string Name, string DisplayName, double Value, bool IsRate, string Units = "");
