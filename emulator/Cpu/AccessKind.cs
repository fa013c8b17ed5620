namespace Emu.Emulator.Cpu;

/// <summary>What a memory access is for: decides TLBL vs TLBS/Mod, AdEL vs AdES, IBE vs DBE.</summary>
public enum AccessKind : byte
{
    Read,
    Write,
    /// <summary>The read half of SWL/SWR: translated as a store (TLBS, Mod) but returns data.</summary>
    ReadForWrite,
    Fetch,
}
