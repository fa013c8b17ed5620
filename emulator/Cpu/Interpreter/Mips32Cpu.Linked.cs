using Emu.Emulator.Cp0.Tlb;

namespace Emu.Emulator.Cpu;

/// <summary>
/// LL/SC (MIPS32 Vol II-A "LL", "SC"; PRA §4.9 "LLbit"): an SC succeeds only if this vCPU's LLbit is set, its
/// address is the word LL linked and the word still holds the value LL read; the store is then one
/// compare-and-exchange on the host frame, so two vCPUs incrementing one word never lose an update. This is QEMU's
/// model (target/mips: LL records the address and the value, SC is a cmpxchg against that value), which the
/// architecture allows: any other store that changes the word (another vCPU, the
/// debugger, a device, this vCPU) makes the SC fail; ERET clears LLbit (Mips32Cpu.Cop0.cs).
/// </summary>
/// <remarks>
/// Host pressure: the SC looks the page up again inside guest mode, so no flush can complete between that lookup
/// and the exchange (the flusher waits for this vCPU's acknowledgement, VcpuRequests.cs): the exchange is
/// always made on the frame the guest maps at that moment, never on one the host took back. If the host moved the
/// page between LL and SC (COW break, KSM merge, swap out and in), the new frame holds the same bytes (the host
/// copies only after every vCPU acknowledged the unmap), so comparing against LL's value there is exact. The SC
/// deliberately does not fail just because the frame moved: the guest cannot tell, and failing would make a
/// guest's forward progress depend on host pressure (the llsc guest counts such retries and must see none).
/// Fields are owned by the vCPU thread.
/// </remarks>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>Virtual address LL linked (SC compares it, as QEMU compares lladdr).</summary>
    private uint _llVa;
    /// <summary>Whether LL read RAM (false: a device; then SC is a plain store).</summary>
    private bool _llInRam;
    /// <summary>The linked word's bytes as LL read them (host order of the guest's bytes).</summary>
    private uint _llRaw;

    /// <summary>The whole link (LLbit, the linked address, whether LL read RAM, the bytes it read): tests compare engines by it.</summary>
    internal (bool LlBit, uint Va, bool InRam, uint Raw) LinkState => (_s->LlBit != 0, _llVa, _llInRam, _llRaw);

    /// <summary>LL: a word load that links the word. Returns as <see cref="Access{TE}"/>.</summary>
    private int LoadLinked<TE>(uint va, int rt) where TE : struct, IEndian
    {
        var word = LinkedWord(va, AccessKind.Read, out var pa, out var result);
        if (result < 0)
        {
            return result;
        }
        uint value = 0;
        if (word is null)
        {
            // A device or an access the front door refuses: the ordinary path reads it (or raises DBE).
            result = Access<TE>(va, 4, AccessKind.Read, ref value);
            if (result < 0)
            {
                return result;
            }
        }
        else
        {
            value = ReadLinked<TE>(word);
        }
        SetGpr(rt, value);
        Link(va, word is not null, pa);
        return result;
    }

    /// <summary>Reads the linked word of RAM once and keeps its bytes for SC's compare-and-exchange.</summary>
    private uint ReadLinked<TE>(uint* word) where TE : struct, IEndian
    {
        var raw = Volatile.Read(ref *word);
        _llRaw = raw;
        return TE.Load32((byte*)&raw);
    }

    /// <summary>Sets LLbit and records what SC checks: the linked address, and whether LL read RAM.</summary>
    private void Link(uint va, bool inRam, uint pa)
    {
        _llVa = va;
        _llInRam = inRam;
        _s->LlBit = 1;
        _cp0.LlAddr = pa >> 4; // PRA §9.25: LLAddr holds PA bits 35:4 of the linked word
    }

    /// <summary>SC's link test: LLbit set and the same address LL linked (QEMU compares lladdr).</summary>
    private bool LinkHolds(uint va) => _s->LlBit != 0 && va == _llVa;

    /// <summary>SC: stores and sets rt to 1 if the link holds, else sets rt to 0. Returns as <see cref="Access{TE}"/>.</summary>
    private int StoreConditional<TE>(uint va, int rt) where TE : struct, IEndian
    {
        if ((va & 3) != 0)
        {
            RaiseTranslationFault(TranslateResult.AddressError, va, AccessKind.Write);
            return -1;
        }
        if (!LinkHolds(va))
        {
            SetGpr(rt, 0);
            return 0;
        }
        var word = LinkedWord(va, AccessKind.Write, out _, out var result);
        if (result < 0)
        {
            return result; // a watchpoint stop or a TLB exception; the link is kept, as for any faulting store
        }
        _s->LlBit = 0;
        var value = _s->Gpr[rt];
        if (!_llInRam)
        {
            if (word is not null)
            {
                SetGpr(rt, 0); // LL read a device, the SC would write RAM: the mapping changed in between
                return result;
            }
            result = Access<TE>(va, 4, AccessKind.Write, ref value);
            if (result >= 0)
            {
                SetGpr(rt, 1);
            }
            return result;
        }
        if (word is null)
        {
            SetGpr(rt, 0); // LL read RAM, the word is no longer directly writable RAM (remapped): fail
            return result;
        }
        var stored = ExchangeLinked<TE>(word, value);
        if (stored && IsCodePage(_lastPa >> 12))
        {
            CodeWritten(_lastPa, 4);
        }
        SetGpr(rt, stored ? 1u : 0u);
        return result;
    }

    /// <summary>
    /// The store of a linked SC: one compare-and-exchange against the bytes LL read (see the summary). A vCPU alone in
    /// its VM (<see cref="SoleVcpu"/>) makes it a plain load, compare and store, as QEMU's TCG does for a guest whose
    /// vCPUs cannot run in parallel: no other vCPU can store between them, and the host never writes guest RAM's bytes
    /// under a running vCPU (COW, KSM and swap move them whole, behind the flush protocol), so the outcome is the same
    /// without the bus lock (a locked cmpxchg was most of bench-llsc's SC cost).
    /// </summary>
    private bool ExchangeLinked<TE>(uint* word, uint value) where TE : struct, IEndian
    {
        uint raw;
        TE.Store32((byte*)&raw, value);
        if (SoleVcpu)
        {
            if (*word != _llRaw)
            {
                return false;
            }
            *word = raw;
            return true;
        }
        return Interlocked.CompareExchange(ref *word, raw, _llRaw) == _llRaw;
    }

    /// <summary>
    /// No other vCPU exists in this vCPU's VM, so nothing else stores to guest memory while it runs (ExchangeLinked).
    /// Set by the machine before the vCPU first runs (one vCPU); false otherwise, and for a bare vCPU.
    /// </summary>
    internal bool SoleVcpu { get; set; }

    /// <summary>
    /// Translates and maps the word at <paramref name="va"/> for LL/SC. Returns its host address, or null when it
    /// is not directly accessible RAM (a device, a read-only slot for a write, a refused page): the caller falls
    /// back to <see cref="Access{TE}"/>. <paramref name="result"/> is -1 when an exception (or a debugger stop)
    /// was raised, 1 when a remote flush was applied meanwhile (the batch must end), else 0.
    /// </summary>
    private uint* LinkedWord(uint va, AccessKind kind, out uint pa, out int result)
    {
        var write = kind == AccessKind.Write;
        var user = IsUserMode;
        if ((va & 3) == 0 && GvaHit(va, write) is var hit && hit != null)
        {
            pa = HitPa(va);
            result = 0;
            return (uint*)hit;
        }
        pa = 0;
        result = -1;
        if (_debugPoints is not null && DebugWatchHit(va, 4, kind))
        {
            return null;
        }
        if ((va & 3) != 0)
        {
            RaiseTranslationFault(TranslateResult.AddressError, va, kind);
            return null;
        }
        var translated = Translate(va, write, user, out pa, out var dirty);
        if (translated != TranslateResult.Match)
        {
            RaiseTranslationFault(translated, va, kind);
            return null;
        }
        _lastPa = pa;
        var mapped = MapGuestPage(pa, write, out var page, out var writable, out var flushed);
        result = flushed ? 1 : 0;
        if (!mapped || (write && !writable))
        {
            return null;
        }
        FillGvaCache(va, user, page, pa, dirty && writable && !IsCodePage(pa >> 12));
        return (uint*)(page + (pa & 0xfff));
    }

    /// <summary>
    /// The physical address of a GvaCache hit (the caller just tested the entry's tag): LLAddr and SC's code-page test
    /// want it, and the entry keeps the frame it was filled from, instead of a second translation (a TLB lookup for mapped
    /// addresses) per LL and per SC.
    /// </summary>
    private uint HitPa(uint va)
    {
        var pa = (_gvaCache.Table[GvaCache.SlotOf(va)].Gfn << 12) | (va & 0xfff);
        _lastPa = pa;
        return pa;
    }

    // ---- Entry points for translated regions (emulator/Jit/RegionEmitter.Linked.cs) ----
    // They run the interpreter's own steps above, so the two engines cannot drift apart. A region calls them with its
    // guest registers in IL locals: they take rt's value as an argument and return rt's new value, and never read or
    // write the GPRs in CpuState. Neither raises an exception, applies a code invalidation or leaves guest mode (so no
    // decoded slot can be reset under them); anything that would is left to the interpreter, before the instruction
    // changed anything.

    /// <summary>
    /// LL in a region, after the region's inline GvaCache read hit on the aligned <paramref name="va"/> (a misaligned
    /// address or a miss left the region before the LL): <see cref="LoadLinked{TE}"/> on a hit. Returns the value for rt.
    /// </summary>
    internal uint RegionLoadLinked<TE>(uint va, byte* host) where TE : struct, IEndian
    {
        var pa = HitPa(va);
        var value = ReadLinked<TE>((uint*)host);
        Link(va, inRam: true, pa);
        return value;
    }

    /// <summary>
    /// SC in a region: <see cref="StoreConditional{TE}"/> when it needs no slow path. Returns rt's new value (0 or 1),
    /// or -1 when the region must leave before the SC, with nothing changed, for the interpreter to run it: a misaligned
    /// address (AdES), a linked word that misses the GvaCache's write tag (TLB walk and faults, watchpoints, MMIO,
    /// read-only or code pages: LinkedWord's slow path), or a hit on a page that is code (only between another vCPU
    /// making it code and this vCPU acknowledging the flush that drops the write tag): a successful SC there calls
    /// CodeWritten, which may invalidate the running region's own code, so the interpreter runs it and the dispatcher
    /// looks the next PC up afresh. The link test comes first, as in the interpreter: an SC whose link is gone fails
    /// without touching memory, so it never bails for a miss.
    /// </summary>
    internal int RegionStoreConditional<TE>(uint va, uint value) where TE : struct, IEndian
    {
        if ((va & 3) != 0)
        {
            return -1;
        }
        if (!LinkHolds(va))
        {
            return 0;
        }
        var word = (uint*)GvaHit(va, write: true);
        if (word is null)
        {
            return -1;
        }
        var pa = HitPa(va);
        if (_llInRam && IsCodePage(pa >> 12))
        {
            return -1;
        }
        _s->LlBit = 0;
        if (!_llInRam)
        {
            return 0; // LL read a device, the SC would write RAM: as in StoreConditional
        }
        return ExchangeLinked<TE>(word, value) ? 1 : 0;
    }
}
