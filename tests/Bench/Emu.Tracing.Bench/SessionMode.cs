namespace Emu.Tracing.Bench;

/// <summary>Who is listening to Emu-Kvm while the benchmark emits.</summary>
public enum SessionMode
{
    /// <summary>Nobody: the cost every emission site pays always.</summary>
    None,
    /// <summary>An in-process EventListener at Verbose, all keywords (counts events).</summary>
    Listener,
    /// <summary>An EventPipe session on this process, Verbose, no stack walks, drained to nowhere.</summary>
    EventPipe,
}
