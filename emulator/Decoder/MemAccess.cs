namespace Emu.Emulator.Decoder;

/// <summary>
/// The data memory access an instruction makes: size in bytes (low four bits), direction, and the forms whose
/// bytes are not simply [address, address + size): LWL/SWL and LWR/SWR touch the bytes of the aligned word from
/// the address towards its high or low end (MIPS32 Vol II-A LWL/LWR), LL/SC are linked, LUXC1/SUXC1 ignore the
/// address's low three bits. Instruction fetch is not a data access and is not listed.
/// </summary>
[Flags]
public enum MemAccess : ushort
{
    None = 0,
    /// <summary>Mask of the size in bytes (1, 2, 4 or 8); <see cref="InstInfo.MemSize"/> reads it.</summary>
    SizeMask = 0xf,
    Load = 1 << 4,
    Store = 1 << 5,
    /// <summary>LWL/SWL: the bytes from the address to the end of its aligned word (big-endian view: the word's left part).</summary>
    Left = 1 << 6,
    /// <summary>LWR/SWR: the bytes from the start of the aligned word to the address.</summary>
    Right = 1 << 7,
    /// <summary>LL (sets LLAddr/LLbit) and SC (stores only while LLbit holds, writes 1/0 to rt).</summary>
    Linked = 1 << 8,
    /// <summary>Sign-extends the loaded value (LB, LH); the other loads of fewer than 4 bytes zero-extend.</summary>
    Signed = 1 << 9,
    /// <summary>The address's low bits are cleared before the access, so it never raises AdEL/AdES (LUXC1/SUXC1).</summary>
    Unaligned = 1 << 10,

    // Row shorthands (InstTable): L = load, S = store, the digit is the size.
    L1 = Load | 1, L1s = Load | Signed | 1, L2 = Load | 2, L2s = Load | Signed | 2, L4 = Load | 4, L8 = Load | 8,
    S1 = Store | 1, S2 = Store | 2, S4 = Store | 4, S8 = Store | 8,
}
