using Emu.Emulator.Cp0;
using Emu.Emulator.Cp0.Tlb;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Guest virtual → guest physical for one vCPU (DESIGN.md "A guest load, step by step", step 2): the MIPS32
/// segments and the guest TLB, and the CP0 state a failed translation leaves for the handler. Pure apart from
/// that: it raises nothing (the vCPU maps a <see cref="TranslateResult"/> to its exception, as QEMU's
/// get_physical_address / raise_mmu_exception split it) and caches nothing (the GvaCache is filled by the vCPU,
/// with the tag <see cref="GvaCache.TagOf"/>). Owned by the vCPU thread.
/// </summary>
internal sealed class AddressTranslator(Cp0State cp0, Tlb tlb)
{
    /// <summary>
    /// MIPS32 PRA §4.3 address spaces: kuseg (mapped; unmapped when ERL=1), kseg0/kseg1 (unmapped,
    /// kernel only), kseg2/kseg3 (mapped, kernel only). <paramref name="dirty"/>: the page may be written.
    /// </summary>
    public TranslateResult Translate(uint va, bool write, bool user, out uint pa, out bool dirty)
    {
        if (va < 0x80000000u)
        {
            if ((cp0.Status & Cp0Bits.StatusERL) != 0)
            {
                // PRA §4.3.1: with ERL=1 kuseg is an unmapped, uncached window onto physical memory.
                pa = va;
                dirty = true;
                return TranslateResult.Match;
            }
            return tlb.Lookup(va, (byte)cp0.EntryHi, write, out pa, out _, out dirty);
        }
        if (user)
        {
            pa = 0;
            dirty = false;
            return TranslateResult.AddressError;
        }
        if (va < 0xc0000000u)
        {
            pa = va & 0x1fffffffu;
            dirty = true;
            return TranslateResult.Match;
        }
        return tlb.Lookup(va, (byte)cp0.EntryHi, write, out pa, out _, out dirty);
    }

    /// <summary>
    /// Loads BadVAddr (and for TLB faults Context.BadVPN2 and EntryHi.VPN2, ASID kept, for the refill handler;
    /// PRA §9.5, §9.11) and names the exception a failed translation raises (QEMU raise_mmu_exception).
    /// </summary>
    public ExcCode RecordFault(TranslateResult result, uint va, bool store)
    {
        cp0.BadVAddr = va;
        if (result == TranslateResult.AddressError)
        {
            return store ? ExcCode.AdES : ExcCode.AdEL;
        }
        cp0.Context = (cp0.Context & 0xff80000fu) | ((va >> 9) & 0x007ffff0u);
        cp0.EntryHi = (va & 0xffffe000u) | (cp0.EntryHi & 0xffu);
        return result == TranslateResult.Dirty ? ExcCode.Mod : store ? ExcCode.TlbS : ExcCode.TlbL;
    }
}
