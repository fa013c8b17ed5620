using Emu.Emulator.Cp0;
using Emu.Emulator.Decoder;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>Outcome of a privileged instruction for the interpreter loop.</summary>
internal enum PrivResult : byte
{
    /// <summary>Go on; whether the batch ends after the instruction is the instruction table's EndsBatch flag.</summary>
    Continue,
    /// <summary>The instruction set the PC itself (ERET): leave the loop without advancing.</summary>
    Jumped,
}

/// <summary>
/// CP0 instructions: MFC0/MTC0 (through the register file, <see cref="Cp0RegisterFile"/>, whose side effects
/// come back here as <see cref="ICp0Host"/>), DI/EI, RDPGPR/WRPGPR, TLBR/TLBWI/TLBWR/TLBP, ERET, WAIT, CACHE
/// and RDHWR.
/// </summary>
public sealed unsafe partial class Mips32Cpu : ICp0Host
{
    private PrivResult ExecutePrivileged(DecodedInst* di)
    {
        var r = _s->Gpr;
        switch (di->Op)
        {
            case InstName.Mfc0:
                if (di->Rt != 0)
                {
                    r[di->Rt] = ReadCp0((Cp0Register)(di->Rd * 8 + di->Imm));
                }
                return PrivResult.Continue;
            case InstName.Mtc0:
                WriteCp0((Cp0Register)(di->Rd * 8 + di->Imm), r[di->Rt]);
                return PrivResult.Continue;
            case InstName.Rdpgpr:
            case InstName.Wrpgpr:
                // No shadow register sets (SRSCtl.HSS = 0): the previous set is the current one.
                if (di->Rd != 0)
                {
                    r[di->Rd] = r[di->Rt];
                }
                return PrivResult.Continue;
            case InstName.Di:
            case InstName.Ei:
                {
                    var old = _cp0.Status;
                    if (di->Rt != 0)
                    {
                        r[di->Rt] = old;
                    }
                    _cp0.Status = di->Op == InstName.Ei ? old | Cp0Bits.StatusIE : old & ~Cp0Bits.StatusIE;
                    return PrivResult.Continue;
                }
            case InstName.Tlbr:
                {
                    var index = (int)(_cp0.Index & Cp0Masks.Index);
                    if (index >= _tlb.Count)
                    {
                        // Out-of-range Index is UNPREDICTABLE (PRA TLBR); Emu leaves the registers alone.
                        return PrivResult.Continue;
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
                    return PrivResult.Continue;
                }
            case InstName.Tlbwi:
                {
                    var index = (int)(_cp0.Index & Cp0Masks.Index);
                    if (index < _tlb.Count)
                    {
                        WriteTlbEntry(index);
                        EmuKvmTrace.GuestTlbWrite(VcpuId, index, _cp0.EntryHi, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.PageMask, random: false);
                    }
                    return PrivResult.Continue;
                }
            case InstName.Tlbwr:
                {
                    var index = (int)_cp0Regs.RandomAt(_instretNow);
                    WriteTlbEntry(index);
                    EmuKvmTrace.GuestTlbWrite(VcpuId, index, _cp0.EntryHi, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.PageMask, random: true);
                    return PrivResult.Continue;
                }
            case InstName.Tlbp:
                {
                    var index = _tlb.Probe(_cp0.EntryHi);
                    // P (bit 31) set when nothing matched; Index is then UNPREDICTABLE, Emu keeps it.
                    _cp0.Index = index < 0 ? (_cp0.Index & Cp0Masks.Index) | 0x80000000u : (uint)index;
                    return PrivResult.Continue;
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
                return PrivResult.Continue;
            case InstName.Cache:
                // Caches are not modelled (memory is coherent); index and hit operations are no-ops, but
                // trap-and-emulate emulates each one (cache_exits, kvm_exit CACHE).
                CacheExits++;
                EmuKvmTrace.Exit(VcpuId, ExitReason.Cache, _s->Pc, 0);
                return PrivResult.Continue;
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
            if ((e->ReadTag & ~GvaCache.UserTagBit) == vpn)
            {
                e->ReadTag = GvaCache.InvalidTag;
                e->WriteTag = GvaCache.InvalidTag;
                e->Code = null;
            }
        }
    }

    /// <summary>MFC0 (<see cref="Cp0RegisterFile.Read"/>) at the instruction being executed; also the debugger's read.</summary>
    public uint ReadCp0(Cp0Register reg) => _cp0Regs.Read(reg, _instretNow);

    /// <summary>MTC0 (<see cref="Cp0RegisterFile.Write"/>) at the instruction being executed; also the debugger's write.</summary>
    public void WriteCp0(Cp0Register reg, uint value) => _cp0Regs.Write(reg, value, _instretNow);

    // ---- ICp0Host: what the CP0 register file asks of this vCPU ----
    uint ICp0Host.CountAt(long instret) => CountAt(instret);

    void ICp0Host.CountWritten(uint value, long instret) => WriteCount(value, instret);

    void ICp0Host.CompareWritten(long instret) => _lastCount = CountAt(instret);

    uint ICp0Host.LiveCause() => CauseForRead();

    void ICp0Host.AsidChanged(uint oldAsid, uint newAsid) => OnAsidChanged(oldAsid, newAsid);

    void ICp0Host.ModeChanged() => OnModeChanged();

    uint ICp0Host.ExtraWritableStatus => FpuStatusBits;

    /// <summary>Translations cached under the old ASID are stale (MTC0 EntryHi, TLBR).</summary>
    private void OnAsidChanged(uint oldAsid, uint newAsid)
    {
        EmuKvmTrace.AsidChange(VcpuId, oldAsid, newAsid);
        FlushTranslations();
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
