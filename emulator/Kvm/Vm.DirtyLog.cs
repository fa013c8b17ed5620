using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>KVM_GET_DIRTY_LOG and access tracking over GPA ranges.</summary>
public sealed unsafe partial class Vm
{
    /// <summary>
    /// KVM_GET_DIRTY_LOG (kvm_get_dirty_log_protect): returns the slot's dirty bitmap and clears it, and
    /// write-protects exactly the reported pages under the same MmuLock section, then flushes derived mappings
    /// before returning. No write is ever lost: a write is reported by this call or the next one.
    /// (The kernel write-protected the whole span between the first and last set bit of each word; harmless
    /// over-cleaning that Emu does not need.)
    /// </summary>
    public ulong[] GetDirtyLog(int slotId)
    {
        lock (_slotsLock)
        {
            var slot = Memslots.ById(slotId);
            if (slot is null || slot.IsInvalid)
            {
                throw new MemslotException(KvmErrno.Inval, $"no memslot {slotId}");
            }
            if (slot.DirtyBitmap is not { } bitmap)
            {
                throw new MemslotException(KvmErrno.NoEnt, $"memslot {slotId} does not log dirty pages");
            }
            var start = EmuKvmTrace.MemslotEnabled ? EmuKvmTrace.Timestamp() : 0;
            var snapshot = new ulong[bitmap.Length];
            long dirtyPages = 0;
            lock (MmuLock)
            {
                var cleaned = 0;
                for (var w = 0; w < bitmap.Length; w++)
                {
                    var bits = bitmap[w];
                    bitmap[w] = 0;
                    snapshot[w] = bits;
                    dirtyPages += System.Numerics.BitOperations.PopCount(bits);
                    while (bits != 0)
                    {
                        var b = System.Numerics.BitOperations.TrailingZeroCount(bits);
                        bits &= bits - 1;
                        var gfn = slot.BaseGfn + (ulong)(w * 64 + b);
                        var pte = GpaPageTable.Lookup(gfn);
                        if (pte.IsPresent && pte.IsDirty)
                        {
                            GpaPageTable.Update(gfn, pte.MkClean());
                            cleaned++;
                        }
                    }
                }
                Interlocked.Increment(ref Stat.DirtyLogGets);
                if (cleaned > 0)
                {
                    Interlocked.Add(ref Stat.GpaPtesCleaned, cleaned);
                    FlushShadowAll(FlushCause.DirtyLog);
                }
            }
            if (start != 0)
            {
                EmuKvmTrace.DirtyLogGet(slotId, dirtyPages, EmuKvmTrace.ElapsedNs(start));
            }
            return snapshot;
        }
    }

    /// <summary>
    /// Ages [gpa, gpa + size): clears the young bit of every present GPA PTE and, when <paramref name="flush"/>,
    /// flushes derived mappings so the next access to each page is seen (clear_flush_young); without it
    /// (clear_young) cached translations may keep using a page unseen. Returns the pages that were young.
    /// </summary>
    public int AgeGpaRange(ulong gpa, ulong size, bool flush)
    {
        lock (MmuLock)
        {
            var aged = GpaPageTable.Modify(gpa >> 12, (gpa + size + 0xfff) >> 12, static p => p.MkOld());
            Interlocked.Add(ref Stat.GpaPtesAged, aged);
            if (aged > 0 && flush)
            {
                FlushShadowAll(FlushCause.Aging);
            }
            return aged;
        }
    }

    /// <summary>Whether the page at <paramref name="gpa"/> has been accessed since it was last aged.</summary>
    public bool TestYoungGpa(ulong gpa)
    {
        lock (MmuLock)
        {
            return GpaPageTable.Lookup(gpa >> 12).IsYoung;
        }
    }

    /// <summary>Snapshot of one GPA PTE (monitor commands, tests).</summary>
    public GpaPte LookupGpaPte(ulong gpa)
    {
        lock (MmuLock)
        {
            return GpaPageTable.Lookup(gpa >> 12);
        }
    }
}
