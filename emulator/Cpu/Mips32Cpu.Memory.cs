using Emu.Emulator.Cp0;
using Emu.Emulator.Cp0.Tlb;
using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The slow side of guest memory access (DESIGN.md "A guest load, step by step", steps 2-5): translation
/// (segments and guest TLB in <see cref="AddressTranslator"/>) and the exceptions it implies, the memory front
/// door, GvaCache fills, MMIO, bus errors, and code-cache coherence for stores to pages holding decoded code.
/// </summary>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>Physical address of the last successful translation of a data access.</summary>
    private uint _lastPa;

    /// <summary>Segments and guest TLB (<see cref="AddressTranslator.Translate"/>); pure: raises nothing.</summary>
    internal TranslateResult Translate(uint va, bool write, bool user, out uint pa, out bool dirty) =>
        _translator.Translate(va, write, user, out pa, out dirty);

    /// <summary>Raises the exception a failed translation implies (QEMU raise_mmu_exception).</summary>
    private void RaiseTranslationFault(TranslateResult result, uint va, AccessKind kind)
    {
        var code = _translator.RecordFault(result, va, store: kind is AccessKind.Write or AccessKind.ReadForWrite);
        ExceptionDispatcher.Raise(this, code, tlbRefill: result == TranslateResult.NoMatch);
    }

    /// <summary>
    /// Instruction fetch miss: AdEL for a misaligned or inaccessible PC, TLB faults, IBE when the PC's
    /// physical page is not RAM-like; otherwise returns the page's decoded slots and host bytes.
    /// </summary>
    private bool FetchPage(uint pc, uint mode, out DecodedInst* code, out byte* host)
    {
        code = null;
        host = null;
        var e = _gvaCache.Table + GvaCache.SlotOf(pc);
        if (e->ReadTag == GvaCache.KeyOf(pc, 4, mode) && e->Code != null)
        {
            code = e->Code;
            host = e->Host;
            return true;
        }
        if ((pc & 3) != 0)
        {
            _cp0.BadVAddr = pc;
            ExceptionDispatcher.Raise(this, ExcCode.AdEL);
            return false;
        }
        var result = Translate(pc, write: false, mode != 0, out var pa, out var dirty);
        if (result != TranslateResult.Match)
        {
            RaiseTranslationFault(result, pc, AccessKind.Fetch);
            return false;
        }
        if (_requests.CodeCoherence is { } hub && !IsCodePage(pa >> 12))
        {
            // First decode of this page in the VM: no vCPU may keep write permission for it (the hub flushes the other
            // vCPUs and waits, outside guest mode as for any wait; this one drops its own write tags for the page below,
            // when its decoded page is created). The page is looked up only after that.
            ExitGuestMode();
            hub.CodePageCreated(VcpuId, pa >> 12);
            EnterGuestMode();
        }
        if (!MapGuestPage(pa, write: false, out var page, out var writable, out _))
        {
            if (AbandonForExitRequest())
            {
                return false; // a stop arrived while the host refused the page: fetch again after it
            }
            ExceptionDispatcher.Raise(this, ExcCode.Ibe);
            return false;
        }
        code = _codeCache.GetOrCreate(pa >> 12, out var created, out var evicted);
        if (evicted)
        {
            // Every decoded page was dropped (CodeCache bound): no GvaCache entry may keep naming one.
            _gvaCache.ForgetCode();
        }
        if (created)
        {
            // The page now holds decoded code: stores to it, through any virtual address, must take the slow path.
            _gvaCache.DropWrites(pa >> 12);
        }
        host = page;
        if (DebugWatchesPage(pc))
        {
            return true; // a watched page never gets a read tag (Mips32Cpu.Debug.cs)
        }
        var tag = GvaCache.TagOf(pc, mode);
        if (e->ReadTag != tag)
        {
            e->WriteTag = GvaCache.InvalidTag;
        }
        e->ReadTag = tag;
        e->Host = page;
        e->Code = code;
        e->Gfn = pa >> 12;
        _ = dirty;
        _ = writable;
        return true;
    }

    /// <summary>
    /// A data access that missed the GvaCache (or is misaligned, MMIO, or hits a code page).
    /// Returns -1 when an exception was raised (the batch must end), 0 when done, 1 when done and the
    /// batch should end (an MMIO access may have changed interrupt or halt state, or re-entering guest mode after
    /// the page lookup applied a flush: the batch's current code page pointer may then name a frame the host has
    /// already taken back, so the batch ends and the next one fetches it again, as a KVM guest re-faults its fetch
    /// after a flush dropped the host TLB entry).
    /// </summary>
    private int Access<TE>(uint va, int size, AccessKind kind, ref uint value) where TE : struct, IEndian
    {
        var write = kind is AccessKind.Write or AccessKind.ReadForWrite;
        var user = IsUserMode;
        if (_debugPoints is not null && DebugWatchHit(va, size, kind))
        {
            return -1; // watchpoint: stop before the access (Mips32Cpu.Debug.cs)
        }
        if ((va & (uint)(size - 1)) != 0)
        {
            RaiseTranslationFault(TranslateResult.AddressError, va, kind);
            return -1;
        }
        var result = Translate(va, write, user, out var pa, out var dirty);
        if (result != TranslateResult.Match)
        {
            RaiseTranslationFault(result, va, kind);
            return -1;
        }
        _lastPa = pa;
        if (MapGuestPage(pa, write, out var page, out var writable, out var flushed))
        {
            var p = page + (pa & 0xfff);
            var isCode = IsCodePage(pa >> 12);
            if (kind == AccessKind.Write)
            {
                if (writable)
                {
                    switch (size)
                    {
                        case 1: *p = (byte)value; break;
                        case 2: TE.Store16(p, (ushort)value); break;
                        default: TE.Store32(p, value); break;
                    }
                    if (isCode)
                    {
                        CodeWritten(pa, (uint)size);
                    }
                }
                // Writes to read-only RAM (the boot flash) are dropped, as a flash array ignores them.
            }
            else
            {
                value = size switch
                {
                    1 => *p,
                    2 => TE.Load16(p),
                    _ => TE.Load32(p),
                };
            }
            FillGvaCache(va, user, page, pa, dirty && writable && !isCode);
            return flushed ? 1 : 0;
        }
        if (AbandonForExitRequest())
        {
            return -1; // a stop arrived while the host refused the page: the access runs again after it
        }
        // An MMIO exit leaves guest mode: a device may block (a full stdout pipe behind the UART) and a flusher
        // must not wait on a vCPU that holds no derived mapping anyway.
        ExitGuestMode();
        var ok = kind == AccessKind.Write ? _memory.TryWrite(pa, size, value) : _memory.TryRead(pa, size, out value);
        EnterGuestMode();
        if (!ok)
        {
            // Nothing decodes this physical address: a bus error, precise on this core.
            ExceptionDispatcher.Raise(this, ExcCode.Dbe);
            return -1;
        }
        return 1;
    }

    /// <summary>
    /// The GvaCache hit test of the interpreter's inline loads and stores (Interpreter/LoadStore.cs), for the accesses
    /// made outside its switch (CP1, LL/SC): the host address of <paramref name="va"/> when the slot holds this page with the
    /// needed permission, else null (then <see cref="Access{TE}"/> does the walk, the faults and the fill). The
    /// caller checks alignment. Watched pages and, for writes, code pages never hold a tag, so they always miss.
    /// </summary>
    private byte* GvaHit(uint va, bool write)
    {
        var e = _gvaCache.Table + GvaCache.SlotOf(va);
        var tag = GvaCache.TagOf(va, IsUserMode ? GvaCache.UserTagBit : 0);
        return (write ? e->WriteTag : e->ReadTag) == tag ? e->Host + (va & 0xfff) : null;
    }

    private void FillGvaCache(uint va, bool user, byte* page, uint pa, bool allowWrite)
    {
        if (DebugWatchesPage(va))
        {
            return; // watched pages take the slow path on every access (Mips32Cpu.Debug.cs)
        }
        var e = _gvaCache.Table + GvaCache.SlotOf(va);
        var tag = GvaCache.TagOf(va, user ? GvaCache.UserTagBit : 0);
        if (e->ReadTag != tag || e->Host != page)
        {
            e->Code = null;
        }
        e->ReadTag = tag;
        e->Host = page;
        e->Gfn = pa >> 12;
        e->WriteTag = allowWrite ? tag : GvaCache.InvalidTag;
    }

    /// <summary>Called whenever Status or the exception level changes the translation regime.</summary>
    internal void OnModeChanged()
    {
        var erl = (_cp0.Status & Cp0Bits.StatusERL) != 0;
        if (erl != _lastErl)
        {
            // ERL changes what kuseg means (unmapped while ERL=1): cached kuseg translations are stale.
            _lastErl = erl;
            _gvaCache.FlushAll();
        }
    }

    private bool _lastErl = true;

    /// <summary>Drops every derived translation (guest TLB write, ASID change, host invalidation).</summary>
    internal void FlushTranslations() => _gvaCache.FlushAll();

    /// <summary>
    /// Invalidates decoded instructions for a physical range written behind the CPU's back
    /// (loader, debugger, DMA).
    /// </summary>
    public void InvalidateCode(uint gpa, uint size) => _codeCache.InvalidateRange(gpa, size);

    /// <summary>Physical pages with decoded instructions now, and how often the bounded code cache was emptied.</summary>
    public (int Pages, long Evictions) CodeCacheUsage => (_codeCache.PageCount, _codeCache.Evictions);
}
