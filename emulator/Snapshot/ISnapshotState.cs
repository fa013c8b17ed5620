namespace Emu.Emulator.Snapshot;

/// <summary>
/// A part of the machine whose guest-visible state goes into a machine snapshot (QEMU's VMStateDescription role,
/// as a pair of methods: what <see cref="SaveState"/> writes, <see cref="LoadState"/> reads back in the same order).
/// Only architectural and device state: anything derived from it (decoded code, GvaCache, GPA page tables) is
/// dropped on load through the VM's invalidation hub instead. Called only while no vCPU runs.
/// </summary>
public interface ISnapshotState
{
    void SaveState(BinaryWriter writer);

    void LoadState(BinaryReader reader);
}
