using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu;

/// <summary>
/// State derived from decoded code (translated regions, emulator/Jit) hears of every decoded slot the
/// <see cref="CodeCache"/> drops, so it is dropped with them: the cache is where all invalidations end up (own
/// stores to code, the hub's queued ranges from other vCPUs and the VMM, breakpoint changes, reset, memslot
/// changes, host unmaps) and where the bound drops everything. Called on the vCPU thread.
/// </summary>
public unsafe interface ICodeCacheObserver
{
    /// <summary>Slots [<paramref name="firstSlot"/>, <paramref name="endSlot"/>) of the decoded page at <paramref name="page"/> must decode again.</summary>
    void SlotsInvalidated(DecodedInst* page, int firstSlot, int endSlot);

    /// <summary>Every decoded page was dropped (their arrays may come back for other pages).</summary>
    void AllDropped();
}
