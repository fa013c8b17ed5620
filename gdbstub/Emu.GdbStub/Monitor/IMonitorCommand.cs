namespace Emu.GdbStub.Monitor;

/// <summary>One "monitor" command. Register more with <see cref="MonitorRegistry.Register"/>.</summary>
public interface IMonitorCommand
{
    /// <summary>Words that select the command ("info tlb", "translate"); the longest match wins.</summary>
    string Name { get; }

    /// <summary>One line for "monitor help": arguments and what it shows.</summary>
    string Help { get; }

    /// <summary>Runs with the vCPUs stopped; writes lines to <see cref="MonitorContext.Output"/>.</summary>
    void Execute(MonitorContext context, string arguments);
}
