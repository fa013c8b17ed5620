namespace Emu.Tracing;

/// <summary>
/// The row names of `emu run --stats` (kvm_vcpu_stat / kvm_vm_stat words, as debugfs shows them), so that
/// `emu-trace stat` speaks the same language. A test checks each name appears verbatim in --stats output.
/// </summary>
public static class KvmStatNames
{
    /// <summary>A guest exception exit's row (ExcCode → name), or null for codes --stats does not list.</summary>
    public static string? OfExit(ExitReason reason) => reason switch
    {
        ExitReason.Int => "int_exits",
        ExitReason.TlbMod => "tlbmod_exits (guest)",
        ExitReason.TlbMissLd => "tlbmiss_ld_exits (guest)",
        ExitReason.TlbMissSt => "tlbmiss_st_exits (guest)",
        ExitReason.AddrErrLd => "addrerr_ld_exits",
        ExitReason.AddrErrSt => "addrerr_st_exits",
        ExitReason.Syscall => "syscall_exits",
        ExitReason.BreakInst => "break_inst_exits",
        ExitReason.ResvdInst => "resvd_inst_exits",
        ExitReason.CopUnusable => "cop_unusable_exits",
        ExitReason.TrapInst => "trap_inst_exits",
        ExitReason.Overflow => "overflow",
        ExitReason.BusErrIfetch => "ibe",
        ExitReason.BusErrData => "dbe",
        ExitReason.Wait => "wait_exits",
        ExitReason.Cache => "cache_exits",
        _ => null,
    };

    public const string TlbMissLdHost = "tlbmiss_ld_exits (host)";
    public const string TlbMissStHost = "tlbmiss_st_exits (host)";
    public const string Mmio = "mmio_exits";
    public const string HostFault = "host_fault_exits";

    public const string FaultFast = "fast path";
    public const string FaultSlow = "slow path";
    public const string FaultRetries = "retries (notifier raced)";

    /// <summary>The translator's rows: --stats prints them on its <c>jit regions=N ... invalidated=N</c> line, not in a table.</summary>
    public const string JitRegions = "jit regions";
    public const string JitInvalidated = "jit invalidated";

    public const string FlushRequests = "flush requests";
    public const string RemoteTlbFlush = "remote_tlb_flush (waited for a vCPU)";

    /// <summary>An MMU-notifier callback's row, or null for those --stats does not list.</summary>
    public static string? OfNotifier(NotifierKind kind) => kind switch
    {
        NotifierKind.InvalidateRangeStart => "notifier invalidate_range_start",
        NotifierKind.ChangePte => "notifier change_pte",
        NotifierKind.ClearFlushYoung => "notifier clear_flush_young",
        NotifierKind.ClearYoung => "notifier clear_young",
        _ => null,
    };
}
