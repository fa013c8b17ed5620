using Emu.Emulator.HostMemory;
using Emu.Emulator.Mmu;

namespace Emu.Emulator.Snapshot;

/// <summary>One memslot as a snapshot records it (KVM_SET_USER_MEMORY_REGION's arguments).</summary>
public readonly record struct MemslotLayout(int Id, MemslotFlags Flags, ulong Gpa, ulong Size, ulong Hva);

/// <summary>
/// The whole machine at one instruction boundary (QEMU's savevm without the disk): guest RAM and boot flash as
/// copy-on-write shares of the simulated host's frames (<see cref="HostMm.ShareCowComplete"/>: the snapshot costs
/// only the pages written after it), every vCPU's and device's state as bytes (<see cref="ISnapshotState"/>), board
/// time (the vCPUs' clocks, which the RTC and PIT read), and the memslot layout. Dispose drops the frames.
/// </summary>
public sealed class MachineSnapshot : IDisposable
{
    internal MachineSnapshot(string name, IReadOnlyList<long> vcpuInstructions, IReadOnlyList<(ulong Hva, CowSnapshot Pages)> memory, byte[] state, IReadOnlyList<MemslotLayout> memslots)
    {
        Name = name;
        VcpuInstructions = vcpuInstructions;
        Instructions = vcpuInstructions[0];
        Position = vcpuInstructions.Sum();
        Memory = memory;
        State = state;
        Memslots = memslots;
    }

    public string Name { get; }

    /// <summary>Instructions vCPU 0 had retired when the snapshot was taken (its position in guest time).</summary>
    public long Instructions { get; }

    /// <summary>Instructions each vCPU had retired (index = vCPU).</summary>
    public IReadOnlyList<long> VcpuInstructions { get; }

    /// <summary>
    /// Where the snapshot lies on the machine's timeline: instructions retired by all vCPUs together. One vCPU: its
    /// count. Several, interleaved deterministically (RoundRobinSchedule): every instruction of the one sequence moves
    /// it by one, so it orders snapshots as the run passed them.
    /// </summary>
    public long Position { get; }

    /// <summary>The COW shares of the memslots' host ranges (RAM, boot flash).</summary>
    internal IReadOnlyList<(ulong Hva, CowSnapshot Pages)> Memory { get; }

    /// <summary>vCPUs, devices and machine fields, in the order Machine.Snapshot.cs writes them.</summary>
    internal byte[] State { get; }

    public IReadOnlyList<MemslotLayout> Memslots { get; }

    /// <summary>Pages of guest memory the snapshot covers.</summary>
    public long Pages => Memory.Sum(m => (long)m.Pages.PageCount);

    /// <summary>Bytes of vCPU and device state.</summary>
    public int StateBytes => State.Length;

    public void Dispose()
    {
        foreach (var (_, pages) in Memory)
        {
            pages.Dispose();
        }
    }
}
