namespace Emu.Emulator.HostMemory;

/// <summary>
/// Counters of host memory events. Each counter is incremented with Interlocked (so any thread may read
/// a consistent value of one counter); the set as a whole is not a snapshot.
/// </summary>
public sealed class HostMmStats
{
    internal long _faultsDemandZero, _faultsZeroPage, _faultsSwapIn, _faultsCowBreak, _faultsKsmBreak,
        _faultsZeroPageBreak, _faultsWriteReuse, _faultsError;
    internal long _cowSnapshots, _ksmMerges, _ksmPasses, _swapOuts, _balloonInflated, _balloonDeflated,
        _agingPasses, _idleClears, _mprotectDowngrades, _mprotectUpgrades, _unmaps;
    internal long _nInvalidateRangeStart, _nInvalidateRangeEnd, _nChangePte, _nClearFlushYoung, _nClearYoung,
        _nTestYoung, _nRelease;

    /// <summary>First touch of a page, backed by a new zeroed frame (do_anonymous_page).</summary>
    public long FaultsDemandZero => Interlocked.Read(ref _faultsDemandZero);
    /// <summary>Read fault on an untouched page mapped to the shared zero page, read-only.</summary>
    public long FaultsZeroPage => Interlocked.Read(ref _faultsZeroPage);
    /// <summary>do_swap_page.</summary>
    public long FaultsSwapIn => Interlocked.Read(ref _faultsSwapIn);
    /// <summary>Write to a COW-shared frame (wp_page_copy).</summary>
    public long FaultsCowBreak => Interlocked.Read(ref _faultsCowBreak);
    /// <summary>Write to a KSM frame (wp_page_copy of a PageKsm page).</summary>
    public long FaultsKsmBreak => Interlocked.Read(ref _faultsKsmBreak);
    /// <summary>Write to a page mapping the zero page.</summary>
    public long FaultsZeroPageBreak => Interlocked.Read(ref _faultsZeroPageBreak);
    /// <summary>Write to a read-only PTE of an exclusive frame: made writable in place (wp_page_reuse), no notifier.</summary>
    public long FaultsWriteReuse => Interlocked.Read(ref _faultsWriteReuse);
    /// <summary>FaultIn returned false (no VMA, unmapped, or write to PROT_READ).</summary>
    public long FaultsError => Interlocked.Read(ref _faultsError);

    public long CowSnapshots => Interlocked.Read(ref _cowSnapshots);
    public long KsmPasses => Interlocked.Read(ref _ksmPasses);
    public long KsmMerges => Interlocked.Read(ref _ksmMerges);
    public long SwapOuts => Interlocked.Read(ref _swapOuts);
    public long BalloonInflatedPages => Interlocked.Read(ref _balloonInflated);
    public long BalloonDeflatedPages => Interlocked.Read(ref _balloonDeflated);
    public long AgingPasses => Interlocked.Read(ref _agingPasses);
    public long IdleClears => Interlocked.Read(ref _idleClears);
    public long MprotectDowngrades => Interlocked.Read(ref _mprotectDowngrades);
    public long MprotectUpgrades => Interlocked.Read(ref _mprotectUpgrades);
    public long Unmaps => Interlocked.Read(ref _unmaps);

    public long InvalidateRangeStartCalls => Interlocked.Read(ref _nInvalidateRangeStart);
    public long InvalidateRangeEndCalls => Interlocked.Read(ref _nInvalidateRangeEnd);
    public long ChangePteCalls => Interlocked.Read(ref _nChangePte);
    public long ClearFlushYoungCalls => Interlocked.Read(ref _nClearFlushYoung);
    public long ClearYoungCalls => Interlocked.Read(ref _nClearYoung);
    public long TestYoungCalls => Interlocked.Read(ref _nTestYoung);
    public long ReleaseCalls => Interlocked.Read(ref _nRelease);

    /// <summary>Frames allocated now (excluding the reserved pfn 0 and the zero page); filled in by <see cref="HostMm.Stats"/>.</summary>
    public long FramesInUse => _framesInUse?.Invoke() ?? 0;

    internal Func<long>? _framesInUse;

    internal static void Inc(ref long counter) => Interlocked.Increment(ref counter);

    internal static void Add(ref long counter, long n) => Interlocked.Add(ref counter, n);

    public override string ToString() =>
        $"faults: demand-zero {FaultsDemandZero}, zero-page {FaultsZeroPage}, swap-in {FaultsSwapIn}, " +
        $"cow-break {FaultsCowBreak}, ksm-break {FaultsKsmBreak}, zero-break {FaultsZeroPageBreak}, reuse {FaultsWriteReuse}, error {FaultsError}; " +
        $"cow snapshots {CowSnapshots}, ksm passes {KsmPasses} merges {KsmMerges}, swap-outs {SwapOuts}, " +
        $"balloon +{BalloonInflatedPages}/-{BalloonDeflatedPages}, aging {AgingPasses}, idle clears {IdleClears}, " +
        $"mprotect -{MprotectDowngrades}/+{MprotectUpgrades}, unmaps {Unmaps}; frames in use {FramesInUse}; " +
        $"notifier calls: range_start {InvalidateRangeStartCalls}, range_end {InvalidateRangeEndCalls}, change_pte {ChangePteCalls}, " +
        $"clear_flush_young {ClearFlushYoungCalls}, clear_young {ClearYoungCalls}, test_young {TestYoungCalls}, release {ReleaseCalls}";
}
