namespace Emu.Emulator.Kvm;

/// <summary>Why derived mappings were flushed on every vCPU (for stats and traces).</summary>
public enum FlushCause
{
    /// <summary>An MMU notifier removed or changed GPA PTEs (unmap_hva_range, set_spte_hva).</summary>
    Notifier,
    /// <summary>clear_flush_young aged young PTEs.</summary>
    Aging,
    /// <summary>GET_DIRTY_LOG write-protected dirty pages, or dirty logging was switched on.</summary>
    DirtyLog,
    /// <summary>A memslot was deleted or moved (flush_shadow_memslot).</summary>
    Memslot,
    /// <summary>The host address space went away (release) or the VM is torn down (flush_shadow_all).</summary>
    Release,
    /// <summary>Requested by a debugger or a monitor command.</summary>
    Debugger,
}
