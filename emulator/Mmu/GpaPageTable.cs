namespace Emu.Emulator.Mmu;

/// <summary>
/// The VM's GPA page table (kvm->arch.gpa_mm.pgd): two levels over the 32-bit guest physical space,
/// 1024 PGD slots of 4 MiB each pointing at 1024-entry PTE tables (pgtable-32.h geometry, 4 KiB pages).
/// </summary>
/// <remarks>
/// Locking: every read and write happens under <see cref="Kvm.Vm.MmuLock"/> (kvm->mmu_lock); nothing
/// here locks by itself. An empty PGD slot is not null but the shared <see cref="s_invalidPteTable"/>
/// (kvm_pgd_init fills every slot with invalid_pte_table), which is never written.
/// No allocation happens under the lock: a fault tops up a spare table first (<see cref="TopUp"/>,
/// mirroring mmu_topup_memory_cache) and <see cref="Set"/> consumes it.
/// </remarks>
public sealed class GpaPageTable
{
    public const int PtrsPerPgd = 1024;
    public const int PtrsPerPte = 1024;
    private const int PgdShift = 10; // in gfn units: 1024 pages per PTE table

    private static readonly ulong[] s_invalidPteTable = new ulong[PtrsPerPte];

    private readonly ulong[][] _pgd = new ulong[PtrsPerPgd][];

    public GpaPageTable()
    {
        // A loop, not Array.Fill: Fill over a reference type is JIT-compiled at start-up (no ReadyToRun code for it).
        for (var i = 0; i < _pgd.Length; i++)
        {
            _pgd[i] = s_invalidPteTable;
        }
    }

    /// <summary>Number of PTE tables currently allocated (for stats and tests).</summary>
    public int TableCount { get; private set; }

    /// <summary>A pre-allocated PTE table for the next <see cref="Set"/> (the per-vCPU memcache).</summary>
    public static ulong[] TopUp(ulong[]? cache) => cache ?? new ulong[PtrsPerPte];

    /// <summary>The entry for <paramref name="gfn"/>, or none when no table covers it (walk without a cache).</summary>
    public GpaPte Lookup(ulong gfn)
    {
        if (gfn >= PtrsPerPgd * (ulong)PtrsPerPte)
        {
            return GpaPte.None;
        }
        return new GpaPte(_pgd[gfn >> PgdShift][gfn & (PtrsPerPte - 1)]);
    }

    /// <summary>
    /// Writes the entry for <paramref name="gfn"/>, installing <paramref name="cache"/> as the PTE table if
    /// the slot is empty (kvm_mips_walk_pgd with a cache). Sets <paramref name="cache"/> to null if used.
    /// </summary>
    public void Set(ulong gfn, GpaPte pte, ref ulong[]? cache)
    {
        var slot = (int)(gfn >> PgdShift);
        var table = _pgd[slot];
        if (ReferenceEquals(table, s_invalidPteTable))
        {
            table = cache ?? throw new InvalidOperationException("GPA table walk needs a topped-up cache");
            Array.Clear(table);
            cache = null;
            _pgd[slot] = table;
            TableCount++;
        }
        table[gfn & (PtrsPerPte - 1)] = pte.Raw;
    }

    /// <summary>Rewrites an existing entry only (never allocates; no-op when the table is missing).</summary>
    public bool Update(ulong gfn, GpaPte pte)
    {
        var table = _pgd[gfn >> PgdShift];
        if (ReferenceEquals(table, s_invalidPteTable))
        {
            return false;
        }
        table[gfn & (PtrsPerPte - 1)] = pte.Raw;
        return true;
    }

    /// <summary>
    /// kvm_mips_flush_gpa_pt over [startGfn, endGfn) — end EXCLUSIVE. (The kernel mixes an exclusive end
    /// from handle_hva_to_gpa with an inclusive walker and zaps one page too many, bug B2 of the reference;
    /// every range in Emu is half-open.) Frees PTE tables that become fully covered. Returns the number of
    /// present entries removed.
    /// </summary>
    public int Flush(ulong startGfn, ulong endGfn)
    {
        var removed = 0;
        ForEachTable(startGfn, endGfn, (slot, table, lo, hi) =>
        {
            for (var i = lo; i < hi; i++)
            {
                if ((table[i] & GpaPte.Present) != 0)
                {
                    removed++;
                }
                table[i] = 0;
            }
            if (lo == 0 && hi == PtrsPerPte)
            {
                // Fully covered: the table goes back to the allocator (safe_to_remove).
                _pgd[slot] = s_invalidPteTable;
                TableCount--;
            }
        });
        return removed;
    }

    /// <summary>
    /// Applies <paramref name="op"/> to every present entry in [startGfn, endGfn); writes only entries that
    /// change (BUILD_PTE_RANGE_OP: kvm_mips_mkclean_gpa_pt, kvm_mips_mkold_gpa_pt). Returns how many changed.
    /// </summary>
    public int Modify(ulong startGfn, ulong endGfn, Func<GpaPte, GpaPte> op)
    {
        var changed = 0;
        ForEachTable(startGfn, endGfn, (_, table, lo, hi) =>
        {
            for (var i = lo; i < hi; i++)
            {
                var old = new GpaPte(table[i]);
                if (!old.IsPresent)
                {
                    continue;
                }
                var updated = op(old);
                if (updated != old)
                {
                    table[i] = updated.Raw;
                    changed++;
                }
            }
        });
        return changed;
    }

    /// <summary>Visits present entries in [startGfn, endGfn) in gfn order.</summary>
    public void ForEachPresent(ulong startGfn, ulong endGfn, Action<ulong, GpaPte> visit)
    {
        ForEachTable(startGfn, endGfn, (slot, table, lo, hi) =>
        {
            for (var i = lo; i < hi; i++)
            {
                if ((table[i] & GpaPte.Present) != 0)
                {
                    visit(((ulong)slot << PgdShift) | (uint)i, new GpaPte(table[i]));
                }
            }
        });
    }

    private void ForEachTable(ulong startGfn, ulong endGfn, Action<int, ulong[], int, int> visit)
    {
        const ulong limit = PtrsPerPgd * (ulong)PtrsPerPte;
        endGfn = Math.Min(endGfn, limit);
        for (var gfn = startGfn; gfn < endGfn;)
        {
            var slot = (int)(gfn >> PgdShift);
            var tableEnd = ((ulong)slot + 1) << PgdShift;
            var hi = Math.Min(endGfn, tableEnd);
            var table = _pgd[slot];
            if (!ReferenceEquals(table, s_invalidPteTable))
            {
                visit(slot, table, (int)(gfn & (PtrsPerPte - 1)), (int)(hi - ((ulong)slot << PgdShift)));
            }
            gfn = hi;
        }
    }
}
