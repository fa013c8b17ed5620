namespace Emu.Emulator.Cp0;

/// <summary>
/// Software-writable bits of CP0 registers for the 24Kc-class core Emu models (MIPS32 PRA rev 6.02
/// Chapter 9 register descriptions; bits not listed read as written-by-hardware or zero).
/// </summary>
public static class Cp0Masks
{
    /// <summary>Index: the index field (P is set only by TLBP).</summary>
    public const uint Index = 0x3f;
    /// <summary>EntryLo0/1: PFN(29:6) C(5:3) D V G.</summary>
    public const uint EntryLo = 0x3fffffff;
    /// <summary>Context: PTEBase (31:23); BadVPN2 is written by exceptions only.</summary>
    public const uint Context = 0xff800000;
    /// <summary>PageMask: Mask bits 24:13 (4 KiB .. 16 MiB pages on this core).</summary>
    public const uint PageMask = 0x01ffe000;
    /// <summary>HWREna: CPUNum, SYNCI_Step, CC, CCRes and ULR (bit 29).</summary>
    public const uint HwrEna = 0x2000000f;
    /// <summary>EntryHi: VPN2 (31:13) and ASID (7:0).</summary>
    public const uint EntryHi = 0xffffe0ff;
    /// <summary>
    /// Status: CU0, BEV, SR, NMI, IM7..0, UM, ERL, EXL, IE. CU1 is not writable without an FPU (so
    /// software probing it sees 0); RE, RP, TS and the KSU supervisor bit are not implemented.
    /// </summary>
    public const uint Status = 0x1058ff17;
    /// <summary>IntCtl: VS (9:5); IPTI and IPPCI are read-only.</summary>
    public const uint IntCtl = 0x000003e0;
    /// <summary>Cause: IV, WP and the software interrupt bits IP1..0.</summary>
    public const uint Cause = 0x00c00300;
    /// <summary>EBase: exception base bits 29:12; bit 31 reads 1, CPUNum is read-only.</summary>
    public const uint EBase = 0x3ffff000;
    /// <summary>Config0: K0 (kseg0 cacheability).</summary>
    public const uint Config0 = 0x7;
}
