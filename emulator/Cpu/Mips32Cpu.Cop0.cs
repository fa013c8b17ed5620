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
/// CP0 instructions: MFC0/MTC0 with per-register write masks and side effects (QEMU's helper_mtc0_*),
/// DI/EI, RDPGPR/WRPGPR, TLBR/TLBWI/TLBWR/TLBP, ERET, WAIT, CACHE and RDHWR.
/// </summary>
public sealed unsafe partial class Mips32Cpu
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
                        EmuKvmTrace.AsidChange(VcpuId, oldAsid, _cp0.EntryHi & 0xff);
                        FlushTranslations();
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
                    var index = (int)RandomValue(_instretNow);
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

    /// <summary>
    /// Random (PRA §9.2): counts down from TLB size-1 to Wired with every instruction; derived from the
    /// retired-instruction count so runs stay deterministic.
    /// </summary>
    private uint RandomValue(long instret)
    {
        var n = (uint)_tlb.Count;
        var wired = _cp0.Wired;
        if (wired >= n)
        {
            return n - 1;
        }
        return n - 1 - (uint)(instret % (n - wired));
    }

    /// <summary>MFC0: side-effect-free read of (reg, sel); unimplemented registers read as zero.</summary>
    public uint ReadCp0(Cp0Register reg) => reg switch
    {
        Cp0Register.Index => _cp0.Index,
        Cp0Register.Random => RandomValue(_instretNow),
        Cp0Register.EntryLo0 => _cp0.EntryLo0,
        Cp0Register.EntryLo1 => _cp0.EntryLo1,
        Cp0Register.Context => _cp0.Context,
        Cp0Register.UserLocal => _cp0.UserLocal,
        Cp0Register.PageMask => _cp0.PageMask,
        Cp0Register.Wired => _cp0.Wired,
        Cp0Register.HwrEna => _cp0.HwrEna,
        Cp0Register.BadVAddr => _cp0.BadVAddr,
        Cp0Register.Count => CountAt(_instretNow),
        Cp0Register.EntryHi => _cp0.EntryHi,
        Cp0Register.Compare => _cp0.Compare,
        Cp0Register.Status => _cp0.Status,
        Cp0Register.IntCtl => _cp0.IntCtl,
        Cp0Register.SrsCtl => 0,
        Cp0Register.SrsMap => 0,
        Cp0Register.Cause => CauseValue(),
        Cp0Register.Epc => _cp0.Epc,
        Cp0Register.PrId => Cp0State.PrIdValue,
        Cp0Register.EBase => _cp0.EBase,
        Cp0Register.Config => _cp0.Config0,
        Cp0Register.Config1 => _cp0.Config1,
        Cp0Register.Config2 => _cp0.Config2,
        Cp0Register.Config3 => _cp0.Config3,
        Cp0Register.LlAddr => _cp0.LlAddr,
        Cp0Register.TagLo => _cp0.TagLo,
        Cp0Register.DataLo => _cp0.DataLo,
        Cp0Register.ErrorEpc => _cp0.ErrorEpc,
        Cp0Register.DeSave => _cp0.DeSave,
        _ => 0,
    };

    /// <summary>MTC0: masked write with the register's side effects; read-only/unimplemented ignored.</summary>
    public void WriteCp0(Cp0Register reg, uint value)
    {
        switch (reg)
        {
            case Cp0Register.Index:
                _cp0.Index = (_cp0.Index & 0x80000000u) | (value & Cp0Masks.Index);
                break;
            case Cp0Register.EntryLo0:
                _cp0.EntryLo0 = value & Cp0Masks.EntryLo;
                break;
            case Cp0Register.EntryLo1:
                _cp0.EntryLo1 = value & Cp0Masks.EntryLo;
                break;
            case Cp0Register.Context:
                _cp0.Context = (_cp0.Context & ~Cp0Masks.Context) | (value & Cp0Masks.Context);
                break;
            case Cp0Register.UserLocal:
                _cp0.UserLocal = value;
                break;
            case Cp0Register.PageMask:
                _cp0.PageMask = ValidPageMask(value & Cp0Masks.PageMask);
                break;
            case Cp0Register.Wired:
                _cp0.Wired = value & 0x3f;
                break;
            case Cp0Register.HwrEna:
                _cp0.HwrEna = value & Cp0Masks.HwrEna;
                break;
            case Cp0Register.Count:
                WriteCount(value, _instretNow);
                break;
            case Cp0Register.EntryHi:
                {
                    var old = _cp0.EntryHi;
                    _cp0.EntryHi = value & Cp0Masks.EntryHi;
                    if (((old ^ _cp0.EntryHi) & 0xff) != 0)
                    {
                        EmuKvmTrace.AsidChange(VcpuId, old & 0xff, _cp0.EntryHi & 0xff);
                        // Cached translations were made under the old ASID.
                        FlushTranslations();
                    }
                    break;
                }
            case Cp0Register.Compare:
                // PRA §9.18: writing Compare clears the timer interrupt, and the next one comes when Count
                // *becomes* equal to it: a Compare behind Count must not fire for the Counts already passed
                // since the last timer check (Linux's c0_compare_int_usable acks with Compare = Count - 1).
                _cp0.Compare = value;
                _cp0.Cause &= ~Cp0Bits.CauseTI;
                _lastCount = CountAt(_instretNow);
                break;
            case Cp0Register.Status:
                _cp0.Status = (_cp0.Status & ~(Cp0Masks.Status | FpuStatusBits)) | (value & (Cp0Masks.Status | FpuStatusBits));
                OnModeChanged();
                break;
            case Cp0Register.IntCtl:
                _cp0.IntCtl = (_cp0.IntCtl & ~Cp0Masks.IntCtl) | (value & Cp0Masks.IntCtl);
                break;
            case Cp0Register.Cause:
                _cp0.Cause = (_cp0.Cause & ~Cp0Masks.Cause) | (value & Cp0Masks.Cause);
                break;
            case Cp0Register.Epc:
                _cp0.Epc = value;
                break;
            case Cp0Register.EBase:
                _cp0.EBase = (_cp0.EBase & ~Cp0Masks.EBase) | (value & Cp0Masks.EBase);
                break;
            case Cp0Register.Config:
                _cp0.Config0 = (_cp0.Config0 & ~Cp0Masks.Config0) | (value & Cp0Masks.Config0);
                break;
            case Cp0Register.TagLo:
                _cp0.TagLo = value;
                break;
            case Cp0Register.DataLo:
                _cp0.DataLo = value;
                break;
            case Cp0Register.ErrorEpc:
                _cp0.ErrorEpc = value;
                break;
            case Cp0Register.DeSave:
                _cp0.DeSave = value;
                break;
            default:
                // Random, BadVAddr, PRId, Config1-3, LLAddr, SRSCtl: read-only; unknown: ignored.
                break;
        }
    }

    /// <summary>
    /// PageMask accepts only the page sizes the TLB implements (Mask = 2^(2k)-1 in bits 24:13); any
    /// other pattern is UNPREDICTABLE in the PRA, and Emu treats it as the 4 KiB page.
    /// </summary>
    private static uint ValidPageMask(uint mask)
    {
        var m = mask >> 13;
        var isPowerOfFourMinusOne = (m & (m + 1)) == 0 && (System.Numerics.BitOperations.PopCount(m) % 2) == 0;
        return isPowerOfFourMinusOne ? mask : 0;
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
