namespace Emu.Emulator.Cp0;

/// <summary>
/// CP0 (register, select) pairs, numbered reg*8+sel, named as in the MIPS32 PRA register table
/// (QEMU names them CP0_REGnn__NAME).
/// </summary>
public enum Cp0Register : byte
{
    Index = 0 * 8,
    Random = 1 * 8,
    EntryLo0 = 2 * 8,
    EntryLo1 = 3 * 8,
    Context = 4 * 8,
    UserLocal = 4 * 8 + 2,
    PageMask = 5 * 8,
    Wired = 6 * 8,
    HwrEna = 7 * 8,
    BadVAddr = 8 * 8,
    Count = 9 * 8,
    EntryHi = 10 * 8,
    Compare = 11 * 8,
    Status = 12 * 8,
    IntCtl = 12 * 8 + 1,
    SrsCtl = 12 * 8 + 2,
    SrsMap = 12 * 8 + 3,
    Cause = 13 * 8,
    Epc = 14 * 8,
    PrId = 15 * 8,
    EBase = 15 * 8 + 1,
    Config = 16 * 8,
    Config1 = 16 * 8 + 1,
    Config2 = 16 * 8 + 2,
    Config3 = 16 * 8 + 3,
    LlAddr = 17 * 8,
    TagLo = 28 * 8,
    DataLo = 28 * 8 + 1,
    ErrorEpc = 30 * 8,
    DeSave = 31 * 8,
}
