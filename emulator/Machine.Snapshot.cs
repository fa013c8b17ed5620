using System.Security.Cryptography;
using Emu.Emulator.HostMemory;
using Emu.Emulator.Snapshot;
using Emu.Tracing;

namespace Emu.Emulator;

/// <summary>
/// Whole-machine snapshots (Snapshot/MachineSnapshot.cs): save and load while no vCPU runs. Loading puts the saved
/// frames back under the memslots (HostMm.RestoreCow, whose invalidation zaps the GPA page tables and drops every
/// vCPU's derived mappings and decoded code through the hub), then the vCPUs and devices read their state back.
/// </summary>
public sealed partial class Machine
{
    // 2: the round-robin turn follows the reset count.
    private const int SnapshotFormat = 2;

    /// <summary>
    /// Console output is dropped while set: reverse execution re-runs stretches of the past whose output was already
    /// shown. Set and cleared only while no vCPU runs.
    /// </summary>
    public bool ConsoleMuted { get; set; }

    /// <summary>Raised after every load (guest time moved: a replay seeks its input to the new position).</summary>
    public event Action? SnapshotLoaded;

    /// <summary>Saves the machine. Every vCPU must be stopped (outside Run, or parked by the debugger).</summary>
    public MachineSnapshot SaveSnapshot(string name)
    {
        ThrowIfRunning();
        var start = EmuKvmTrace.SnapshotEnabled ? EmuKvmTrace.Timestamp() : 0;
        var memslots = Vm.Memslots.Slots.Select(s => new MemslotLayout(s.Id, s.Flags & (Mmu.MemslotFlags.ReadOnly | Mmu.MemslotFlags.LogDirtyPages),
            s.BaseGfn << 12, s.NPages << 12, s.UserspaceAddr)).ToList();
        var memory = new List<(ulong, CowSnapshot)>();
        foreach (var slot in memslots)
        {
            memory.Add((slot.Hva, HostMm.ShareCowComplete(slot.Hva, slot.Size)));
        }
        var state = new MemoryStream();
        using (var w = new BinaryWriter(state))
        {
            w.Write(SnapshotFormat);
            w.Write(Cpus.Count);
            foreach (var cpu in Cpus)
            {
                cpu.SaveState(w);
            }
            Board.SaveState(w);
            w.Write(Resets);
            // Who runs next is machine state under round-robin (the same vCPUs at another turn run differently).
            Runner.Schedule?.Save(w);
        }
        var snapshot = new MachineSnapshot(name, [.. Cpus.Select(c => c.InstructionsRetired)], memory, state.ToArray(), memslots);
        if (start != 0)
        {
            EmuKvmTrace.SnapshotTaken(Cpu.InstructionsRetired, snapshot.Pages, snapshot.StateBytes, EmuKvmTrace.ElapsedNs(start));
        }
        return snapshot;
    }

    /// <summary>
    /// Loads <paramref name="snapshot"/> (which stays valid: it can be loaded again). Every vCPU must be stopped.
    /// Returns the number of guest pages whose frame changed.
    /// </summary>
    public int LoadSnapshot(MachineSnapshot snapshot)
    {
        ThrowIfRunning();
        var start = EmuKvmTrace.SnapshotEnabled ? EmuKvmTrace.Timestamp() : 0;
        RestoreMemslots(snapshot.Memslots);
        var changed = 0;
        foreach (var (_, pages) in snapshot.Memory)
        {
            changed += HostMm.RestoreCow(pages);
        }
        using (var r = new BinaryReader(new MemoryStream(snapshot.State, writable: false)))
        {
            if (r.ReadInt32() != SnapshotFormat || r.ReadInt32() != Cpus.Count)
            {
                throw new InvalidDataException("the snapshot was made by another machine layout");
            }
            foreach (var cpu in Cpus)
            {
                cpu.LoadState(r);
            }
            Board.LoadState(r);
            Resets = r.ReadInt32();
            Runner.Schedule?.Load(r);
        }
        _resetRequested = false;
        // Decoded code of every page that ever held code goes on every vCPU (the RAM range's invalidation queued it
        // already; the boot flash is included here).
        foreach (var slot in snapshot.Memslots)
        {
            Vm.InvalidateCode(slot.Gpa, slot.Size);
        }
        if (start != 0)
        {
            EmuKvmTrace.SnapshotRestored(Cpu.InstructionsRetired, changed, EmuKvmTrace.ElapsedNs(start));
        }
        SnapshotLoaded?.Invoke();
        return changed;
    }

    /// <summary>
    /// A hash of the guest-visible machine: vCPU and device state and the bytes of every memslot page (a replay
    /// compares it with the recording's). Every vCPU must be stopped.
    /// </summary>
    public string StateHash()
    {
        foreach (var cpu in Cpus)
        {
            // The timer's last look depends on where batches ended, which the guest cannot see; bring it to now (what
            // the next batch boundary would do anyway) so equal runs hash equal however they were sliced.
            cpu.SyncTimerForHash();
        }
        using var snapshot = SaveSnapshot("hash");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(snapshot.State);
        var page = new byte[HostMm.PageSize];
        foreach (var (_, pages) in snapshot.Memory)
        {
            for (var i = 0; i < pages.PageCount; i++)
            {
                if (!pages.TryReadPage(i, page))
                {
                    Array.Clear(page);
                }
                sha.AppendData(page);
            }
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private void RestoreMemslots(IReadOnlyList<MemslotLayout> saved)
    {
        var now = Vm.Memslots.Slots;
        foreach (var slot in now)
        {
            if (!saved.Any(s => s.Id == slot.Id))
            {
                Vm.SetUserMemoryRegion(slot.Id, slot.Flags, slot.BaseGfn << 12, 0, slot.UserspaceAddr);
            }
        }
        foreach (var s in saved)
        {
            var cur = Vm.Memslots.ById(s.Id);
            if (cur is null || cur.BaseGfn << 12 != s.Gpa || cur.NPages << 12 != s.Size || cur.UserspaceAddr != s.Hva
                || (cur.Flags & (Mmu.MemslotFlags.ReadOnly | Mmu.MemslotFlags.LogDirtyPages)) != s.Flags)
            {
                if (cur is not null)
                {
                    // KVM refuses to change a slot's size or HVA in place: delete it, then create it as saved.
                    Vm.SetUserMemoryRegion(s.Id, cur.Flags, cur.BaseGfn << 12, 0, cur.UserspaceAddr);
                }
                Vm.SetUserMemoryRegion(s.Id, s.Flags, s.Gpa, s.Size, s.Hva);
            }
        }
    }

    private void ThrowIfRunning()
    {
        if (Cpus.Any(c => c.InGuestMode))
        {
            throw new InvalidOperationException("stop the machine first: a snapshot is taken or loaded only while no vCPU runs");
        }
    }
}
