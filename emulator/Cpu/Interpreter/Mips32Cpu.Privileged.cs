using Emu.Emulator.Cp0;
using Emu.Emulator.Decoder;
using Emu.Tracing;

// A partial of the vCPU (so it lives in Emu.Emulator.Cpu): the interpreter's CP0 family.
namespace Emu.Emulator.Cpu;

/// <summary>Outcome of a privileged instruction for the interpreter's dispatch.</summary>
internal enum PrivResult : byte
{
    /// <summary>Go on with the batch.</summary>
    Continue,
    /// <summary>Done; the batch ends after it (the instruction table's <see cref="InstFlags.EndsBatch"/>).</summary>
    EndBatch,
    /// <summary>The instruction set the PC itself (ERET): leave the loop without advancing.</summary>
    Jumped,
    /// <summary>Kernel-only in user mode without CU0: the dispatch raises Coprocessor Unusable (CE = 0).</summary>
    Unusable,
}

/// <summary>
/// The CP0 family (MIPS32 Vol II-A, PRA §9): MFC0/MTC0 (through <see cref="ReadCp0"/>/<see cref="WriteCp0"/>),
/// DI/EI, RDPGPR/WRPGPR, TLBR/TLBWI/TLBWR/TLBP, ERET, WAIT, CACHE and RDHWR. Rare instructions, so they are
/// called from the dispatch rather than written into it.
/// </summary>
public sealed unsafe partial class Mips32Cpu
{
    /// <summary>The CP0 register an MFC0 or MTC0 names: rd and sel (MIPS32 Vol II MFC0), for both engines.</summary>
    internal static Cp0Register Cp0Operand(in DecodedInst di) => (Cp0Register)(di.Rd * 8 + di.Imm);

    /// <summary>
    /// Runs one row the dispatch routes here. The table says which instructions need kernel mode or CU0
    /// (<see cref="InstFlags.Privileged"/>: Coprocessor Unusable, CE = 0, otherwise; PRA "Coprocessor 0 instructions") and which end the
    /// batch (<see cref="InstFlags.EndsBatch"/>: interrupt, translation or halt state may have changed, so the next
    /// batch starts from a fresh look). The state is synced (PC, instret) by the caller.
    /// </summary>
    private PrivResult ExecutePrivileged(DecodedInst* di, bool user)
    {
        var flags = InstTable.FlagsOf(di->Op);
        if (user && (flags & InstFlags.Privileged) != 0 && (_cp0.Status & Cp0Bits.StatusCU0) == 0)
        {
            return PrivResult.Unusable;
        }
        var done = (flags & InstFlags.EndsBatch) != 0 ? PrivResult.EndBatch : PrivResult.Continue;
        var r = _s->Gpr;
        switch (di->Op)
        {
            case InstName.Mfc0:
                if (di->Rt != 0)
                {
                    r[di->Rt] = ReadCp0(Cp0Operand(*di));
                }
                return done;
            case InstName.Mtc0:
                WriteCp0(Cp0Operand(*di), r[di->Rt]);
                return done;
            case InstName.Rdpgpr:
            case InstName.Wrpgpr:
                // No shadow register sets (SRSCtl.HSS = 0): the previous set is the current one.
                if (di->Rd != 0)
                {
                    r[di->Rd] = r[di->Rt];
                }
                return done;
            case InstName.Di:
            case InstName.Ei:
                {
                    var old = _cp0.Status;
                    if (di->Rt != 0)
                    {
                        r[di->Rt] = old;
                    }
                    _cp0.Status = di->Op == InstName.Ei ? old | Cp0Bits.StatusIE : old & ~Cp0Bits.StatusIE;
                    return done;
                }
            case InstName.Tlbr:
                {
                    var index = (int)(_cp0.Index & Cp0Masks.Index);
                    if (index >= _tlb.Count)
                    {
                        // Out-of-range Index is UNPREDICTABLE (PRA TLBR); Emu leaves the registers alone.
                        return done;
                    }
                    ref readonly var e = ref _tlb[index];
                    var oldAsid = _cp0.EntryHi & 0xff;
                    _cp0.EntryHi = e.Vpn2 | e.Asid;
                    _cp0.PageMask = e.PageMask;
                    var g = e.Global ? 1u : 0u;
                    _cp0.EntryLo0 = e.Lo0 | g;
                    _cp0.EntryLo1 = e.Lo1 | g;
                    if ((_cp0.EntryHi & 0xff) != oldAsid)
                    {
                        OnAsidChanged(oldAsid, _cp0.EntryHi & 0xff);
                    }
                    return done;
                }
            case InstName.Tlbwi:
                {
                    var index = (int)(_cp0.Index & Cp0Masks.Index);
                    if (index < _tlb.Count)
                    {
                        WriteTlbEntry(index);
                        EmuKvmTrace.GuestTlbWrite(VcpuId, index, _cp0.EntryHi, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.PageMask, random: false);
                    }
                    return done;
                }
            case InstName.Tlbwr:
                {
                    var index = (int)_cp0Regs.RandomAt(_instretNow);
                    WriteTlbEntry(index);
                    EmuKvmTrace.GuestTlbWrite(VcpuId, index, _cp0.EntryHi, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.PageMask, random: true);
                    return done;
                }
            case InstName.Tlbp:
                {
                    var index = _tlb.Probe(_cp0.EntryHi);
                    // P (bit 31) set when nothing matched; Index is then UNPREDICTABLE, Emu keeps it.
                    _cp0.Index = index < 0 ? (_cp0.Index & Cp0Masks.Index) | 0x80000000u : (uint)index;
                    return done;
                }
            case InstName.Eret:
                Eret();
                return PrivResult.Jumped;
            case InstName.Wait:
                // PRA WAIT: an interrupt that ends the wait is taken with EPC at the next instruction,
                // so the wait completes first and the vCPU idles at the following instruction.
                // Trap-and-emulate counts it as an exit (wait_exits, kvm_exit WAIT).
                _waiting = true;
                WaitExits++;
                EmuKvmTrace.Exit(VcpuId, ExitReason.Wait, _s->Pc, 0);
                return done;
            case InstName.Cache:
                // Caches are not modelled (memory is coherent); index and hit operations are no-ops, but
                // trap-and-emulate emulates each one (cache_exits, kvm_exit CACHE).
                CacheExits++;
                EmuKvmTrace.Exit(VcpuId, ExitReason.Cache, _s->Pc, 0);
                return done;
            default:
                throw new InvalidOperationException($"not a privileged instruction: {di->Op}");
        }
    }

    /// <summary>WAIT instructions executed (kvm_vcpu_stat.wait_exits).</summary>
    public long WaitExits { get; private set; }

    /// <summary>CACHE instructions executed (kvm_vcpu_stat.cache_exits).</summary>
    public long CacheExits { get; private set; }

    /// <summary>ERET (Vol II-A): return from ErrorEPC if ERL, else EPC; clear LLbit; no delay slot.</summary>
    private void Eret()
    {
        var status = _cp0.Status;
        uint target;
        if ((status & Cp0Bits.StatusERL) != 0)
        {
            target = _cp0.ErrorEpc;
            _cp0.Status = status & ~Cp0Bits.StatusERL;
        }
        else
        {
            target = _cp0.Epc;
            _cp0.Status = status & ~Cp0Bits.StatusEXL;
        }
        _s->LlBit = 0;
        Pc = target;
        OnModeChanged();
    }

    private void WriteTlbEntry(int index)
    {
        InvalidateCachedTranslations(index);
        _tlb.Write(index, _cp0.EntryHi, _cp0.PageMask, _cp0.EntryLo0, _cp0.EntryLo1);
    }

    /// <summary>
    /// Before a TLB entry is replaced, drop the GvaCache slots its pages could occupy (both the kernel
    /// and the user views); a large page falls back to a full flush.
    /// </summary>
    private void InvalidateCachedTranslations(int index)
    {
        ref readonly var old = ref _tlb[index];
        var pageSize = (old.PageMask >> 1 | 0xfff) + 1;
        var pages = pageSize * 2 / 4096;
        if (pages > 64)
        {
            FlushTranslations();
            return;
        }
        var table = _gvaCache.Table;
        for (uint i = 0; i < pages; i++)
        {
            var vpn = (old.Vpn2 >> 12) + i;
            var e = table + (vpn & (GvaCache.Entries - 1));
            if ((e->ReadTag & ~GvaCache.UserTagBit) == GvaCache.TagOf(vpn << 12, 0))
            {
                e->ReadTag = GvaCache.InvalidTag;
                e->WriteTag = GvaCache.InvalidTag;
                e->Code = null;
            }
        }
    }

    /// <summary>
    /// RDHWR (Vol II-A): in user mode only registers enabled in HWREna are readable, else RI.
    /// 0 CPUNum, 1 SYNCI_Step (32-byte lines), 2 CC (Count), 3 CCRes (2), 29 ULR (UserLocal).
    /// </summary>
    private bool TryReadHwr(int hwr, bool user, out uint value)
    {
        value = 0;
        var bit = hwr == 29 ? 1u << 29 : hwr <= 3 ? 1u << hwr : 0;
        if (bit == 0 || (user && (_cp0.HwrEna & bit) == 0 && (_cp0.Status & Cp0Bits.StatusCU0) == 0))
        {
            return false;
        }
        value = hwr switch
        {
            0 => _cp0.EBase & 0x3ff,
            1 => 32,
            2 => CountAt(_instretNow),
            3 => 2,
            _ => _cp0.UserLocal,
        };
        return true;
    }
}
