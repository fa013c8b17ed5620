namespace Emu.Emulator.Cp0.Tlb;

/// <summary>
/// One joint TLB entry as the MIPS32 PRA (§4.9, Figure 4-2) defines it: a pair of pages (even/odd)
/// sharing VPN2, PageMask, ASID and G. Plain data; <see cref="Tlb"/> owns the behaviour.
/// </summary>
public struct TlbEntry
{
    /// <summary>EntryHi bits 31:13 (VPN2), kept in place.</summary>
    public uint Vpn2;
    /// <summary>PageMask bits 28:13, kept in place.</summary>
    public uint PageMask;
    public byte Asid;
    /// <summary>Global: both EntryLo G bits were set when the entry was written.</summary>
    public bool Global;
    /// <summary>EntryLo0 without G (PFN, C, D, V) for the even page.</summary>
    public uint Lo0;
    /// <summary>EntryLo1 without G for the odd page.</summary>
    public uint Lo1;
}
