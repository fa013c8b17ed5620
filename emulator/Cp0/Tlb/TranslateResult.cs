namespace Emu.Emulator.Cp0.Tlb;

/// <summary>
/// Outcome of a virtual→physical translation (QEMU's TLBRET_* idea): the translator never raises an
/// exception itself; the CPU maps the result to an ExcCode and vector.
/// </summary>
public enum TranslateResult : byte
{
    Match,
    /// <summary>No TLB entry matches: TLB refill (vector offset 0x000 when EXL=0).</summary>
    NoMatch,
    /// <summary>A matching entry has V=0: TLB invalid (general vector).</summary>
    Invalid,
    /// <summary>Store to a matching entry with D=0: TLB modified.</summary>
    Dirty,
    /// <summary>Segment not accessible in the current mode, or misaligned: address error.</summary>
    AddressError,
}
