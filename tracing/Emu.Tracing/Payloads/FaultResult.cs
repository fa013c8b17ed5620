namespace Emu.Tracing;

/// <summary>How a GPA fault ended. Stable values.</summary>
public enum FaultResult
{
    /// <summary>A PTE was installed or updated; the access resumes.</summary>
    Mapped = 0,
    /// <summary>An invalidation raced the pfn lookup; the fault was retried and is reported once, at its end.</summary>
    Retry = 1,
    /// <summary>Forwarded to the device bus.</summary>
    Mmio = 2,
    /// <summary>Failed (host fault, or a write the host refused).</summary>
    Error = 3,
    /// <summary>Only the young bit was set (access tracking after aging).</summary>
    Young = 4,
    /// <summary>Only the dirty bit was set (first write after dirty-log protection or a clean PTE).</summary>
    Dirty = 5,
}
