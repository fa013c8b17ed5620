namespace Emu.Tracing;

/// <summary>Why derived mappings (every vCPU's GvaCache) were dropped (<c>flush_shadow_*</c>). Stable values.</summary>
public enum FlushCause
{
    /// <summary>An MMU-notifier invalidation (unmap, COW break, KSM merge, swap-out...).</summary>
    Notifier = 0,
    /// <summary>GetDirtyLog write-protected pages again.</summary>
    DirtyLog = 1,
    /// <summary>A memslot was deleted, moved or had its flags changed.</summary>
    Memslot = 2,
    /// <summary>Page aging (clear_flush_young).</summary>
    Aging = 3,
    /// <summary>The host address space is going away (mmu_notifier release).</summary>
    Release = 4,
    /// <summary>The debugger wrote guest memory or changed breakpoints.</summary>
    Debugger = 5,
    /// <summary>The guest changed its TLB or ASID (per-vCPU flush).</summary>
    GuestTlb = 6,
    /// <summary>Anything else.</summary>
    Other = 7,
    /// <summary>A page first held decoded code on some vCPU: every vCPU drops its write permissions (Vm.CodePages).</summary>
    CodePage = 8,
}
