namespace Emu.Emulator.Cp0;

/// <summary>
/// The CP0 registers of one vCPU: plain data. Reads and masked writes (MFC0/MTC0) go through
/// <see cref="Cp0RegisterFile"/>, which asks the vCPU for what Count, Random, Compare and Status share with the
/// run loop; the only writer of EPC/Cause.BD/Status.EXL on exceptions is <see cref="Cpu.ExceptionDispatcher"/>.
/// Owned by the vCPU thread.
/// </summary>
public sealed class Cp0State
{
    // Identity of a 24K core (QEMU's "24Kc" and "24Kf" models both report this PRId).
    public const uint PrIdValue = 0x00019300;

    public uint Index;
    public uint EntryLo0;
    public uint EntryLo1;
    public uint Context;
    public uint UserLocal;
    public uint PageMask;
    public uint Wired;
    public uint HwrEna;
    public uint BadVAddr;
    public uint EntryHi;
    public uint Compare;
    public uint Status;
    public uint IntCtl;
    public uint Cause;
    public uint Epc;
    public uint EBase;
    public uint Config0;
    public uint Config1;
    public uint Config2;
    public uint Config3;
    public uint LlAddr;
    public uint TagLo;
    public uint DataLo;
    public uint ErrorEpc;
    public uint DeSave;

    /// <summary>Power-on/reset values (MIPS32 PRA §5.2 Reset Exception: ERL=1, BEV=1).</summary>
    public void Reset(bool bigEndian, int tlbEntries)
    {
        Index = EntryLo0 = EntryLo1 = Context = UserLocal = PageMask = Wired = HwrEna = 0;
        BadVAddr = EntryHi = Compare = Cause = Epc = LlAddr = TagLo = DataLo = ErrorEpc = DeSave = 0;
        Status = Cp0Bits.StatusBEV | Cp0Bits.StatusERL;
        // IPTI = 7: the timer interrupt is on IP7 (hardware interrupt 5), IPPCI likewise.
        IntCtl = (7u << 29) | (7u << 26);
        EBase = 0x80000000;
        // Config0: M (Config1 present), BE, AR=1 (Release 2), MT=1 (standard TLB), K0=2 (uncached).
        Config0 = (1u << 31) | (bigEndian ? 1u << 15 : 0) | (1u << 10) | (1u << 7) | 2;
        // Config1: M, MMUSize-1, 64-set 4-way 32-byte I and D caches (a 24Kc with 16+16 KiB), no MIPS16,
        // FP=0 (the vCPU's reset sets it when the model has an FPU), no watch or performance-counter registers.
        Config1 = (1u << 31) | ((uint)(tlbEntries - 1) << 25) | (0u << 22) | (4u << 19) | (3u << 16)
                  | (0u << 13) | (4u << 10) | (3u << 7);
        Config2 = 1u << 31;
        // Config3: ULRI (UserLocal implemented, bit 13); no VInt/VEIC (vectored interrupts not offered).
        Config3 = 1u << 13;
    }
}
