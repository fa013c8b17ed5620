using Emu.Emulator.Debug;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// <c>monitor snapshot save|load|list|delete NAME</c> and QEMU's savevm/loadvm/delvm/info snapshots, over the
/// machine's snapshots (<see cref="ISnapshotCommands"/>: the same text as the console monitor's).
/// </summary>
public static class SnapshotCommands
{
    public static void Register(MonitorRegistry registry, ISnapshotCommands snapshots)
    {
        void Add(string name, string verb, string help) =>
            registry.Register(new DelegateCommand(name, help, (c, args) =>
            {
                snapshots.Execute(verb, args, c.Output);
                if (verb == "load")
                {
                    // gdb keeps the registers and memory it read before the load; QEMU's loadvm has the same catch.
                    c.Output.WriteLine("gdb still shows the state before the load: 'maintenance flush register-cache' (or flushregs) refreshes it");
                }
            }));
        registry.Register(new DelegateCommand("snapshot", snapshots.Usage, (c, _) => c.Output.WriteLine($"usage: {snapshots.Usage}")));
        Add("snapshot save", "save", "snapshot save NAME: save the whole machine (RAM shared copy-on-write)");
        Add("snapshot load", "load", "snapshot load NAME: load a saved machine");
        Add("snapshot list", "list", "snapshot list: named snapshots and the automatic history (--snapshot-every)");
        Add("snapshot delete", "delete", "snapshot delete NAME: drop a saved machine");
        Add("savevm", "save", "savevm NAME: QEMU's name for snapshot save");
        Add("loadvm", "load", "loadvm NAME: QEMU's name for snapshot load");
        Add("delvm", "delete", "delvm NAME: QEMU's name for snapshot delete");
        Add("info snapshots", "list", "info snapshots: QEMU's name for snapshot list");
    }
}
