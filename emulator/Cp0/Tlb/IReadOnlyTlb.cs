namespace Emu.Emulator.Cp0.Tlb;

/// <summary>
/// The guest TLB as seen from outside its vCPU (the gdb stub's "info tlb" and "translate", the monitor, tests that
/// only read): the entries and a probe, nothing that writes. Only the owning vCPU writes the TLB (TLBWI/TLBWR,
/// reset), so a reader holds this view while the vCPU is parked (ICpuDebugTarget's rule) or on the vCPU's thread.
/// </summary>
public interface IReadOnlyTlb
{
    /// <summary>Entries (Config1.MMUSize + 1).</summary>
    int Count { get; }

    /// <summary>Entry <paramref name="index"/> as TLBR would read it.</summary>
    ref readonly TlbEntry this[int index] { get; }

    /// <summary>TLBP without side effects: the index of the entry matching EntryHi's VPN2 and ASID, or -1.</summary>
    int Probe(uint entryHi);
}
