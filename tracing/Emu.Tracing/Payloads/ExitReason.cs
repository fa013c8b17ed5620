namespace Emu.Tracing;

/// <summary>
/// Why a vCPU left guest execution (the <c>reason</c> of <c>kvm_exit</c>). Codes 0–31 are the raw
/// Cause.ExcCode exactly as KVM's KVM_TRACE_EXIT_* (arch/mips/kvm/trace.h); 32–34 are KVM's own extras.
/// 40–42 are Emu's own and never clash with KVM's VZ codes (64+). Values are stable: never renumber.
/// Unnamed ExcCodes are emitted as their raw number, as KVM does.
/// </summary>
public enum ExitReason
{
    /// <summary>KVM "Interrupt" (INT).</summary>
    Int = 0,
    /// <summary>KVM "TLB Mod" (TLBMOD): store to a clean page.</summary>
    TlbMod = 1,
    /// <summary>KVM "TLB Miss (LD)" (TLBMISS_LD): refill or invalid entry on a load/fetch.</summary>
    TlbMissLd = 2,
    /// <summary>KVM "TLB Miss (ST)" (TLBMISS_ST).</summary>
    TlbMissSt = 3,
    /// <summary>KVM "Address Error (LD)" (ADDRERR_LD).</summary>
    AddrErrLd = 4,
    /// <summary>KVM "Address Err (ST)" (ADDRERR_ST).</summary>
    AddrErrSt = 5,
    /// <summary>Bus error on instruction fetch (IBE); KVM traces it unnamed.</summary>
    BusErrIfetch = 6,
    /// <summary>Bus error on data access (DBE); KVM traces it unnamed.</summary>
    BusErrData = 7,
    /// <summary>KVM "System Call" (SYSCALL).</summary>
    Syscall = 8,
    /// <summary>KVM "Break Inst" (BREAK_INST).</summary>
    BreakInst = 9,
    /// <summary>KVM "Reserved Inst" (RESVD_INST).</summary>
    ResvdInst = 10,
    /// <summary>KVM "COP0/1 Unusable" (COP_UNUSABLE).</summary>
    CopUnusable = 11,
    /// <summary>Integer overflow (Ov); KVM traces it unnamed.</summary>
    Overflow = 12,
    /// <summary>KVM "Trap Inst" (TRAP_INST).</summary>
    TrapInst = 13,
    /// <summary>KVM "MSA FPE".</summary>
    MsaFpe = 14,
    /// <summary>KVM "FPE".</summary>
    Fpe = 15,
    /// <summary>KVM "MSA Disabled".</summary>
    MsaDisabled = 21,
    /// <summary>KVM "Watch".</summary>
    Watch = 23,
    /// <summary>KVM "Guest Exit".</summary>
    GuestExit = 27,
    /// <summary>KVM WAIT (32): the guest executed WAIT.</summary>
    Wait = 32,
    /// <summary>KVM CACHE (33): a CACHE instruction was emulated.</summary>
    Cache = 33,
    /// <summary>KVM SIGNAL (34): a signal (Emu: a stop request) ended the run.</summary>
    Signal = 34,
    /// <summary>Emu: a GPA outside every memslot (or a write to a read-only slot) went to the device bus.</summary>
    Mmio = 40,
    /// <summary>Emu: the host memory manager could not provide a frame (KVM's -EFAULT from gfn_to_pfn).</summary>
    HostFault = 41,
    /// <summary>Emu: the emulator could not continue (KVM_EXIT_INTERNAL_ERROR).</summary>
    InternalError = 42,
}
