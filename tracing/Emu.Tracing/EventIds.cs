namespace Emu.Tracing;

/// <summary>
/// Emu-Kvm event ids. Published: tools and saved traces depend on them, so an id is never renumbered
/// or reused; a changed payload gets a new event (and id), not a new meaning for an old one. Version 1 of
/// most events appended ...Name strings and widened guest addresses to UInt64 (same values): readers that
/// read fields by name and convert by value (TraceEvent PayloadByName) read both versions.
/// </summary>
public static class EventIds
{
    public const int VcpuEnter = 1;
    public const int VcpuReenter = 2;
    public const int VcpuOut = 3;
    public const int Exit = 4;
    public const int GpaFault = 5;
    public const int GpaFaultRetry = 6;
    public const int MmioExit = 7;
    public const int FlushShadow = 8;
    public const int Notifier = 9;
    public const int HostMmEvent = 10;
    public const int MemslotChange = 11;
    public const int DirtyLogGet = 12;
    public const int GuestTlbWrite = 13;
    public const int AsidChange = 14;
    public const int GdbPacket = 15;
    public const int GuestPcSample = 16;
    public const int IrqLine = 17;
    public const int VcpuBlock = 18;
    public const int VcpuWake = 19;
    public const int SnapshotTaken = 20;
    public const int SnapshotRestored = 21;
    public const int ReplayDivergence = 22;
    public const int RegionCompiled = 23;
    public const int RegionInvalidated = 24;
}
