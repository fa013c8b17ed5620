namespace Emu.Emulator.Cp0.Tlb;

/// <summary>
/// The guest-visible joint TLB (MIPS32 PRA §4.9). Entry count is 16 by default (a 24Kc has 16 dual
/// entries), configurable up to 64; Config1.MMUSize reports it. Accessed only by the owning vCPU thread
/// (TLBP/TLBR/TLBWI/TLBWR and translation); everything outside the CPU reads it through <see cref="IReadOnlyTlb"/>.
/// </summary>
public sealed partial class Tlb : IReadOnlyTlb
{
    public const int MaxEntries = 64;

    private readonly TlbEntry[] _entries;

    public Tlb(int entries = 16)
    {
        if (entries is < 1 or > MaxEntries)
        {
            throw new ArgumentOutOfRangeException(nameof(entries), $"TLB size must be 1..{MaxEntries}");
        }
        _entries = new TlbEntry[entries];
        Reset();
    }

    public int Count => _entries.Length;

    public ref readonly TlbEntry this[int index] => ref _entries[index];

    /// <summary>
    /// Architecturally the TLB is undefined at reset; software must initialise it. Emu fills it with
    /// distinct kseg0 VPN2s that can never match a mapped access (the same trick Linux uses for
    /// local_flush_tlb_all), so an uninitialised entry never produces a spurious match.
    /// </summary>
    public void Reset()
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            _entries[i] = new TlbEntry { Vpn2 = 0x80000000u + ((uint)i << 13), Asid = 0 };
        }
    }

    public void Write(int index, uint entryHi, uint pageMask, uint entryLo0, uint entryLo1)
    {
        ref var e = ref _entries[index];
        e.PageMask = pageMask & Cp0Masks.PageMask;
        e.Vpn2 = entryHi & 0xffffe000u & ~e.PageMask;
        e.Asid = (byte)entryHi;
        // PRA §4.9: G in the TLB is the AND of the two EntryLo G bits.
        e.Global = (entryLo0 & entryLo1 & 1) != 0;
        e.Lo0 = entryLo0 & 0x3ffffffe;
        e.Lo1 = entryLo1 & 0x3ffffffe;
    }

    /// <summary>TLBP: index of the entry matching EntryHi's VPN2 and ASID, or -1.</summary>
    public int Probe(uint entryHi)
    {
        var asid = (byte)entryHi;
        for (var i = 0; i < _entries.Length; i++)
        {
            ref readonly var e = ref _entries[i];
            var mask = ~e.PageMask & 0xffffe000u;
            if (((entryHi & mask) == e.Vpn2) && (e.Global || e.Asid == asid))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// Looks up a mapped address. On <see cref="TranslateResult.Match"/> returns the physical address,
    /// the page size, and whether the page is writable (D bit).
    /// </summary>
    public TranslateResult Lookup(uint va, byte asid, bool write, out uint pa, out uint pageSize, out bool dirty)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            ref readonly var e = ref _entries[i];
            var mask = ~e.PageMask & 0xffffe000u;
            if ((va & mask) != e.Vpn2 || !(e.Global || e.Asid == asid))
            {
                continue;
            }
            // The even/odd select bit is the lowest bit above the page offset.
            pageSize = (e.PageMask >> 1 | 0xfff) + 1;
            var lo = (va & pageSize) == 0 ? e.Lo0 : e.Lo1;
            dirty = (lo & 4) != 0;
            if ((lo & 2) == 0)
            {
                pa = 0;
                return TranslateResult.Invalid;
            }
            if (write && !dirty)
            {
                pa = 0;
                return TranslateResult.Dirty;
            }
            var frame = (lo >> 6) << 12;
            pa = (frame & ~(pageSize - 1)) | (va & (pageSize - 1));
            return TranslateResult.Match;
        }
        pa = 0;
        pageSize = 0;
        dirty = false;
        return TranslateResult.NoMatch;
    }
}
