namespace Emu.Tracing;

/// <summary>What the simulated host memory manager did to a range of HVA pages. Stable values.</summary>
public enum HostMmEventKind
{
    DemandZero = 0,
    SwapIn = 1,
    SwapOut = 2,
    CowShare = 3,
    CowBreak = 4,
    KsmMerge = 5,
    KsmBreak = 6,
    BalloonInflate = 7,
    BalloonDeflate = 8,
    Age = 9,
    Mprotect = 10,
    Unmap = 11,
}
