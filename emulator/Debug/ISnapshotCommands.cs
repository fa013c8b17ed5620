namespace Emu.Emulator.Debug;

/// <summary>
/// The snapshot commands a monitor offers (snapshot save|load|list|delete NAME and QEMU's aliases), as text.
/// Run only while no vCPU runs. Implemented by <see cref="Snapshot.SnapshotMonitor"/>.
/// </summary>
public interface ISnapshotCommands
{
    /// <summary>One line of usage for the whole family.</summary>
    string Usage { get; }

    /// <summary>Runs <paramref name="verb"/> (save, load, list, delete) with its arguments; writes what happened.</summary>
    void Execute(string verb, string arguments, TextWriter output);
}
