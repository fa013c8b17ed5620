using Emu.Emulator.HostMemory;

namespace Emu.Emulator.Tests.HostMemory;

/// <summary>
/// A minimal secondary MMU over one HVA region, built the way KVM's is: cached page → (pfn, writable)
/// entries guarded by <see cref="MmuLock"/>, <c>MmuNotifierSeq</c>/<c>MmuNotifierCount</c>, and a fault
/// path that reads the sequence before FaultIn, takes the lock, and retries when an invalidation ran or
/// is running (kvm_mips_map_page + mmu_notifier_retry). Accesses to frame memory happen under MmuLock,
/// so when InvalidateRangeStart (which takes MmuLock) returns, no access through a zapped entry is in
/// flight: that stands for the remote TLB flush. Entries hold no frame references (GPA tables do not pin).
/// </summary>
internal sealed unsafe class TestSecondaryMmu : IMmuNotifier
{
    private readonly HostMm _mm;
    private readonly ulong _base;
    private readonly ulong[] _pfn;
    private readonly bool[] _valid;
    private readonly bool[] _writable;
    private long _seq;
    private int _count;

    public TestSecondaryMmu(HostMm mm, ulong baseHva, int pages)
    {
        _mm = mm;
        _base = baseHva;
        _pfn = new ulong[pages];
        _valid = new bool[pages];
        _writable = new bool[pages];
    }

    public object MmuLock { get; } = new();
    public long Retries;
    public long Faults;
    public List<string> Violations { get; } = [];

    /// <summary>
    /// Run <paramref name="access"/> on the page's frame (under MmuLock) once the page is mapped with the
    /// needed permission. Returns false if the host refused the fault (mprotect) <paramref name="maxRefusals"/> times.
    /// </summary>
    public bool Access(int page, bool write, Action<IntPtr> access, int maxRefusals = 100_000)
    {
        int refusals = 0;
        while (true)
        {
            lock (MmuLock)
            {
                if (_valid[page] && (!write || _writable[page]))
                {
                    access((IntPtr)_mm.FrameAddress(_pfn[page]));
                    return true;
                }
            }
            long seq0 = Volatile.Read(ref _seq);
            Interlocked.Increment(ref Faults);
            if (!_mm.FaultIn(_base + (ulong)page * HostMm.PageSize, write, out ulong pfn, out bool writable))
            {
                if (++refusals >= maxRefusals)
                {
                    return false;
                }
                Thread.Yield();
                continue;
            }
            // Widen the race window between the host lookup and the retry check (a vCPU thread can be
            // preempted right here), so the stress test exercises the seq/count retry for real.
            Thread.Yield();
            lock (MmuLock)
            {
                if (_count != 0 || Volatile.Read(ref _seq) != seq0)
                {
                    Interlocked.Increment(ref Retries);
                }
                else
                {
                    _pfn[page] = pfn;
                    _writable[page] = writable;
                    _valid[page] = true;
                }
            }
            _mm.PutPage(pfn);
        }
    }

    public void InvalidateRangeStart(ulong hvaStart, ulong hvaEnd)
    {
        lock (MmuLock)
        {
            _count++;
            ForPages(hvaStart, hvaEnd, i => _valid[i] = false);
        }
    }

    public void InvalidateRangeEnd(ulong hvaStart, ulong hvaEnd)
    {
        lock (MmuLock)
        {
            Volatile.Write(ref _seq, _seq + 1);
            if (--_count < 0)
            {
                Violations.Add("count < 0");
            }
        }
    }

    public void ChangePte(ulong hva, ulong newPfn, bool writable)
    {
        lock (MmuLock)
        {
            if (_count <= 0)
            {
                Violations.Add($"change_pte 0x{hva:x} outside a range pair");
            }
            int i = Index(hva);
            if (i >= 0 && _valid[i])
            {
                Violations.Add($"change_pte 0x{hva:x}: the entry survived range_start");
            }
            // Never create a mapping from change_pte (bug B4): the next access faults it in.
        }
    }

    public bool ClearFlushYoung(ulong hvaStart, ulong hvaEnd) => false;

    public bool ClearYoung(ulong hvaStart, ulong hvaEnd) => false;

    public bool TestYoung(ulong hva) => false;

    public void Release()
    {
        lock (MmuLock)
        {
            Array.Clear(_valid);
        }
    }

    private int Index(ulong hva)
    {
        if (hva < _base)
        {
            return -1;
        }
        ulong i = (hva - _base) / HostMm.PageSize;
        return i < (ulong)_valid.Length ? (int)i : -1;
    }

    private void ForPages(ulong start, ulong end, Action<int> f)
    {
        for (ulong hva = Math.Max(start, _base); hva < end; hva += HostMm.PageSize)
        {
            int i = Index(hva);
            if (i < 0)
            {
                break;
            }
            f(i);
        }
    }
}
