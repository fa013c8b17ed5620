using Emu.Emulator.Mmu;
using Emu.Tracing;

namespace Emu.Emulator.Kvm;

/// <summary>KVM_SET_USER_MEMORY_REGION (__kvm_set_memory_region, virt/kvm/kvm_main.c, and MIPS' commit hooks).</summary>
public sealed unsafe partial class Vm
{
    /// <summary>KVM_USER_MEM_SLOTS on MIPS.</summary>
    public const int MaxUserMemslots = 8;

    private const MemslotFlags UserFlags = MemslotFlags.LogDirtyPages | MemslotFlags.ReadOnly;

    /// <summary>
    /// Creates, deletes (size 0), moves (new GPA) or changes the flags of slot <paramref name="slotId"/>, with
    /// KVM's rules: flags ⊆ {LOG_DIRTY_PAGES, READONLY}; GPA, size and HVA page aligned; an existing slot may
    /// not change its HVA, size or READONLY bit (EINVAL); no overlap with another slot (EEXIST).
    /// Delete and move first publish the slot as INVALID, wait out in-flight faults (synchronize_srcu) and
    /// flush its GPA range, so guests see "no slot" (MMIO) in between, never a stale frame.
    /// </summary>
    public void SetUserMemoryRegion(int slotId, MemslotFlags flags, ulong guestPhysAddr, ulong memorySize, ulong userspaceAddr)
    {
        if ((flags & ~UserFlags) != 0)
        {
            throw new MemslotException(KvmErrno.Inval, $"unsupported memslot flags 0x{(uint)flags:x}");
        }
        if ((guestPhysAddr & 0xfff) != 0 || (memorySize & 0xfff) != 0 || (userspaceAddr & 0xfff) != 0)
        {
            throw new MemslotException(KvmErrno.Inval, "memslot GPA, size and HVA must be page aligned");
        }
        if (slotId is < 0 or >= MaxUserMemslots)
        {
            throw new MemslotException(KvmErrno.Inval, $"slot id {slotId} is not below {MaxUserMemslots}");
        }
        if (guestPhysAddr + memorySize > 1ul << 32)
        {
            throw new MemslotException(KvmErrno.Inval, "memslot ends beyond the 32-bit guest physical space");
        }
        lock (_slotsLock)
        {
            var old = Memslots.ById(slotId);
            var npages = memorySize >> 12;
            var baseGfn = guestPhysAddr >> 12;
            if (npages == 0)
            {
                if (old is not null)
                {
                    RetireSlot(old);
                    Publish(Memslots.Without(slotId));
                    EmuKvmTrace.MemslotChange(slotId, MemslotChangeKind.Delete, old.BaseGfn, old.NPages, old.UserspaceAddr, (uint)old.Flags);
                }
                return;
            }
            if (old is null)
            {
                CheckOverlap(slotId, baseGfn, npages);
                var bitmap = (flags & MemslotFlags.LogDirtyPages) != 0 ? NewBitmap(npages) : null;
                Publish(Memslots.With(new Memslot(slotId, baseGfn, npages, userspaceAddr, flags, bitmap)));
                EmuKvmTrace.MemslotChange(slotId, MemslotChangeKind.Create, baseGfn, npages, userspaceAddr, (uint)flags);
                return;
            }
            if (old.UserspaceAddr != userspaceAddr || old.NPages != npages || (old.Flags & MemslotFlags.ReadOnly) != (flags & MemslotFlags.ReadOnly))
            {
                throw new MemslotException(KvmErrno.Inval, "an existing memslot may change only its GPA or its LOG_DIRTY_PAGES flag");
            }
            var newBitmap = (flags & MemslotFlags.LogDirtyPages) == 0 ? null : old.DirtyBitmap ?? NewBitmap(npages);
            var updated = new Memslot(slotId, baseGfn, npages, userspaceAddr, flags, newBitmap);
            if (baseGfn != old.BaseGfn)
            {
                CheckOverlap(slotId, baseGfn, npages);
                RetireSlot(old);
                Publish(Memslots.With(updated));
                EmuKvmTrace.MemslotChange(slotId, MemslotChangeKind.Move, baseGfn, npages, userspaceAddr, (uint)flags);
                return;
            }
            // FLAGS_ONLY.
            Publish(Memslots.With(updated));
            EmuKvmTrace.MemslotChange(slotId, MemslotChangeKind.FlagsOnly, baseGfn, npages, userspaceAddr, (uint)flags);
            if (!old.LogsDirtyPages && updated.LogsDirtyPages)
            {
                // kvm_arch_commit_memory_region: write-protect the whole slot so the first write to every page
                // is seen and logged.
                lock (MmuLock)
                {
                    var cleaned = GpaPageTable.Modify(baseGfn, baseGfn + npages, static p => p.MkClean());
                    if (cleaned > 0)
                    {
                        Interlocked.Add(ref Stat.GpaPtesCleaned, cleaned);
                        FlushShadowAll(FlushCause.DirtyLog);
                    }
                }
            }
        }
    }

    /// <summary>Delete/move, first half: INVALID → publish → synchronize_srcu → flush_shadow_memslot.</summary>
    private void RetireSlot(Memslot old)
    {
        Publish(Memslots.With(old.With(flags: old.Flags | MemslotFlags.Invalid)));
        Srcu.Synchronize();
        FlushShadowMemslot(old);
    }

    /// <summary>
    /// kvm_arch_flush_shadow_memslot: zap the slot's GPA range and flush every vCPU — when anything was mapped
    /// (no present GPA PTE means no vCPU can hold a derived mapping into the slot; the kernel flushed anyway).
    /// </summary>
    public void FlushShadowMemslot(Memslot slot)
    {
        // Decoded code of the slot's GPA range describes bytes the range may no longer hold (delete or move).
        InvalidateCode(slot.BaseGfn << 12, slot.NPages << 12);
        lock (MmuLock)
        {
            if (GpaPageTable.Flush(slot.BaseGfn, slot.EndGfn) > 0)
            {
                FlushShadowAll(FlushCause.Memslot);
            }
        }
    }

    private void CheckOverlap(int slotId, ulong baseGfn, ulong npages)
    {
        foreach (var s in Memslots.Slots)
        {
            if (s.Id != slotId && !s.IsInvalid && baseGfn < s.EndGfn && s.BaseGfn < baseGfn + npages)
            {
                throw new MemslotException(KvmErrno.Exist, $"GPA range overlaps slot {s.Id}");
            }
        }
    }

    private void Publish(MemslotSet set)
    {
        Volatile.Write(ref _memslots, set);
        Interlocked.Increment(ref Stat.MemslotChanges);
    }

    private static ulong[] NewBitmap(ulong npages) => new ulong[(npages + 63) / 64];
}
