namespace Emu.Emulator.Snapshot;

/// <summary>
/// The snapshot commands both monitors offer (the gdb stub's <c>monitor</c> and the console's Ctrl-A c), one
/// implementation: <c>snapshot save|load|list|delete NAME</c>, and QEMU's <c>savevm</c>, <c>loadvm</c>, <c>delvm</c>
/// and <c>info snapshots</c> as aliases. Runs only while no vCPU runs (each monitor stops them first).
/// </summary>
public sealed class SnapshotMonitor(SnapshotStore store) : Debug.ISnapshotCommands
{
    public const string Help = "snapshot save|load|list|delete NAME (also savevm/loadvm/delvm NAME, info snapshots)";

    public string Usage => Help;

    /// <summary>Runs <paramref name="verb"/> (save, load, list, delete) with its arguments; writes what happened.</summary>
    public void Execute(string verb, string arguments, TextWriter output)
    {
        var name = arguments.Trim();
        if (verb != "list" && (name.Length == 0 || name.Contains(' ', StringComparison.Ordinal)))
        {
            output.WriteLine($"usage: snapshot {verb} NAME (one word)");
            return;
        }
        switch (verb)
        {
            case "save":
                var s = store.Save(name);
                output.WriteLine($"snapshot '{name}' saved at instruction {s.Instructions} ({s.Pages} guest pages shared copy-on-write, {s.StateBytes} bytes of vCPU and device state)");
                break;
            case "load":
                var loaded = store.Named.FirstOrDefault(x => x.Name == name);
                if (loaded is null || !store.Load(name))
                {
                    output.WriteLine($"no snapshot named '{name}' (snapshot list shows them)");
                    return;
                }
                output.WriteLine($"snapshot '{name}' loaded: instruction {loaded.Instructions}");
                break;
            case "delete":
                output.WriteLine(store.Delete(name) ? $"snapshot '{name}' deleted" : $"no snapshot named '{name}'");
                break;
            case "list":
                var named = store.Named;
                if (named.Count == 0)
                {
                    output.WriteLine("no named snapshots");
                }
                foreach (var n in named)
                {
                    output.WriteLine($"{n.Name,-20} instruction {n.Instructions}");
                }
                var history = store.History;
                if (store.Every > 0)
                {
                    var range = history.Count == 0 ? "" : $", instructions {history[0].Instructions}..{history[^1].Instructions}";
                    output.WriteLine($"automatic: {history.Count} snapshots every {store.Every} instructions{range}, {store.HistoryBytes >> 10} KiB of {store.MemoryBudgetBytes >> 20} MiB, {store.Dropped} dropped");
                }
                break;
            default:
                output.WriteLine($"usage: {Help}");
                break;
        }
    }
}
