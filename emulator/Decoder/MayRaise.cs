using Emu.Emulator.Cpu;

namespace Emu.Emulator.Decoder;

/// <summary>
/// The exceptions an instruction may raise while it executes (MIPS32 PRA Table 9.31 names), as bits. Not listed:
/// what any instruction may meet on its way in, which belongs to the fetch (AdEL/TLBL/IBE at the PC) or to the
/// instruction boundary (interrupts). A branch or jump to a bad address faults on the target's fetch, not here.
/// </summary>
[Flags]
public enum MayRaise : ushort
{
    None = 0,
    /// <summary>TLB Modified: a store to a clean (D = 0) mapped page.</summary>
    Mod = 1 << 0,
    /// <summary>TLB refill or invalid on a load (TLBL).</summary>
    TlbL = 1 << 1,
    /// <summary>TLB refill or invalid on a store (TLBS).</summary>
    TlbS = 1 << 2,
    /// <summary>Address error on a load: misaligned, or a kernel address from user mode.</summary>
    AdEL = 1 << 3,
    /// <summary>Address error on a store.</summary>
    AdES = 1 << 4,
    /// <summary>Bus error on data: the physical address is neither RAM nor a device.</summary>
    Dbe = 1 << 5,
    Sys = 1 << 6,
    Bp = 1 << 7,
    /// <summary>Reserved Instruction for an encoding the row admits but the CPU refuses in some state (RDHWR, FPU formats).</summary>
    RI = 1 << 8,
    /// <summary>Coprocessor Unusable: CP0 from user mode without Status.CU0, CP1 without CU1 or FPU, COP2 always.</summary>
    CpU = 1 << 9,
    /// <summary>Integer overflow (ADD, ADDI, SUB).</summary>
    Ov = 1 << 10,
    /// <summary>Trap (TEQ ... TNEI when the condition holds).</summary>
    Tr = 1 << 11,
    /// <summary>Floating-point exception (an enabled IEEE condition or an unimplemented operation).</summary>
    Fpe = 1 << 12,

    // Row shorthands (InstTable): what a data access may raise.
    /// <summary>A load: address error, TLB refill/invalid, bus error.</summary>
    LoadFaults = AdEL | TlbL | Dbe,
    /// <summary>A store: address error, TLB refill/invalid/modified, bus error.</summary>
    StoreFaults = AdES | TlbS | Mod | Dbe,
}

/// <summary>Maps between <see cref="ExcCode"/> (the Cause field's value) and <see cref="MayRaise"/> bits, explicitly.</summary>
public static class MayRaiseCodes
{
    /// <summary>The bit for <paramref name="code"/>, or <see cref="MayRaise.None"/> for codes no instruction raises itself (Int, Ibe).</summary>
    public static MayRaise Of(ExcCode code) => code switch
    {
        ExcCode.Mod => MayRaise.Mod,
        ExcCode.TlbL => MayRaise.TlbL,
        ExcCode.TlbS => MayRaise.TlbS,
        ExcCode.AdEL => MayRaise.AdEL,
        ExcCode.AdES => MayRaise.AdES,
        ExcCode.Dbe => MayRaise.Dbe,
        ExcCode.Sys => MayRaise.Sys,
        ExcCode.Bp => MayRaise.Bp,
        ExcCode.RI => MayRaise.RI,
        ExcCode.CpU => MayRaise.CpU,
        ExcCode.Ov => MayRaise.Ov,
        ExcCode.Tr => MayRaise.Tr,
        ExcCode.Fpe => MayRaise.Fpe,
        _ => MayRaise.None,
    };

    /// <summary>True when <paramref name="set"/> lists <paramref name="code"/>.</summary>
    public static bool Contains(this MayRaise set, ExcCode code) => Of(code) is var bit && bit != 0 && (set & bit) != 0;
}
