namespace Emu.Emulator.Mmu;

/// <summary>
/// struct kvm_memslots: an immutable set of memslots sorted by base gfn. The VM publishes a whole new set
/// on every change (rcu_assign_pointer) and readers use the set they loaded without any lock; a reader that
/// must not outlive a deleted slot holds the VM's SRCU read side (<see cref="Srcu"/>).
/// </summary>
public sealed class MemslotSet
{
    public static readonly MemslotSet Empty = new([], 0);

    private readonly Memslot[] _byGfn;

    private MemslotSet(Memslot[] byGfn, long generation)
    {
        _byGfn = byGfn;
        Generation = generation;
    }

    /// <summary>kvm_memslots->generation: bumped on every publish.</summary>
    public long Generation { get; }

    public IReadOnlyList<Memslot> Slots => _byGfn;

    // Plain loops, not LINQ: an OrderBy keyed by ulong is a generic instantiation no ReadyToRun image holds, JIT-compiled
    // at every start-up (the machine publishes its first memslots before the guest runs).
    public MemslotSet With(Memslot slot)
    {
        var slots = new List<Memslot>(_byGfn.Length + 1);
        var placed = false;
        foreach (var s in _byGfn)
        {
            if (s.Id == slot.Id)
            {
                continue;
            }
            if (!placed && slot.BaseGfn < s.BaseGfn)
            {
                slots.Add(slot);
                placed = true;
            }
            slots.Add(s);
        }
        if (!placed)
        {
            slots.Add(slot);
        }
        return new([.. slots], Generation + 1);
    }

    public MemslotSet Without(int id)
    {
        var slots = new List<Memslot>(_byGfn.Length);
        foreach (var s in _byGfn)
        {
            if (s.Id != id)
            {
                slots.Add(s);
            }
        }
        return new([.. slots], Generation + 1);
    }

    public Memslot? ById(int id)
    {
        foreach (var s in _byGfn)
        {
            if (s.Id == id)
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>
    /// search_memslots: binary search by gfn. INVALID slots are returned too; callers treat them as absent
    /// (__gfn_to_memslot then kvm_is_error_hva).
    /// </summary>
    public Memslot? Find(ulong gfn)
    {
        var lo = 0;
        var hi = _byGfn.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >> 1;
            var s = _byGfn[mid];
            if (gfn < s.BaseGfn)
            {
                hi = mid - 1;
            }
            else if (gfn >= s.EndGfn)
            {
                lo = mid + 1;
            }
            else
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>
    /// handle_hva_to_gpa: for every slot whose HVA range meets [hvaStart, hvaEnd), the clipped gfn range
    /// [gfnStart, gfnEnd) (exclusive end), in slot order.
    /// </summary>
    public IEnumerable<(Memslot Slot, ulong GfnStart, ulong GfnEnd)> HvaRangeToGfns(ulong hvaStart, ulong hvaEnd)
    {
        foreach (var s in _byGfn)
        {
            var start = Math.Max(hvaStart, s.UserspaceAddr);
            var end = Math.Min(hvaEnd, s.HvaEnd);
            if (start >= end)
            {
                continue;
            }
            yield return (s, s.HvaToGfn(start), s.HvaToGfn(end + 4095));
        }
    }
}
