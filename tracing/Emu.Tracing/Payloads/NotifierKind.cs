namespace Emu.Tracing;

/// <summary>Which mmu_notifier_ops callback ran (<see cref="EmuKvmEventSource.Notifier"/>). Stable values.</summary>
public enum NotifierKind
{
    InvalidateRangeStart = 0,
    InvalidateRangeEnd = 1,
    ChangePte = 2,
    ClearFlushYoung = 3,
    ClearYoung = 4,
    TestYoung = 5,
    Release = 6,
}
