using System.Diagnostics.Tracing;

namespace Emu.Tracing;

/// <summary>
/// Emu-Kvm keywords, one bit per subsystem, so a session can pick subsystems
/// (<c>--providers Emu-Kvm:0x1F:5</c> = Fault|Retry|Flush|Notifier|Exit at Verbose). Stable bits: never reuse.
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

    /// <summary>Every Emu-Kvm keyword.</summary>
    public const EventKeywords All = (EventKeywords)0x3FF;
}
