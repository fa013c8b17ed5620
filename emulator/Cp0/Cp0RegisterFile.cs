namespace Emu.Emulator.Cp0;

/// <summary>
/// MFC0/MTC0 of one vCPU (MIPS32 PRA chapter 9): which (register, select) pairs exist, the write mask of each
/// (<see cref="Cp0Masks"/>), and the side effects a write has on the rest of the vCPU, which it reaches through
/// <see cref="ICp0Host"/> (QEMU's helper_mfc0_*/helper_mtc0_* play the same part). The data is
/// <see cref="Cp0State"/>; the exception path (<see cref="Cpu.ExceptionDispatcher"/>) and the TLB instructions
/// write it directly, since they are not register moves. Owned by the vCPU thread.
/// </summary>
internal sealed class Cp0RegisterFile(Cp0State state, int tlbEntries, ICp0Host host)
{
    /// <summary>
    /// Random (PRA §9.2): counts down from TLB size-1 to Wired with every instruction; derived from the
    /// retired-instruction count so runs stay deterministic.
    /// </summary>
    public uint RandomAt(long instret)
    {
        var n = (uint)tlbEntries;
        var wired = state.Wired;
        if (wired >= n)
        {
            return n - 1;
        }
        return n - 1 - (uint)(instret % (n - wired));
    }

    /// <summary>MFC0 at instruction boundary <paramref name="instret"/>: side-effect free; unimplemented registers read as zero.</summary>
    public uint Read(Cp0Register reg, long instret) => reg switch
    {
        Cp0Register.Index => state.Index,
        Cp0Register.Random => RandomAt(instret),
        Cp0Register.EntryLo0 => state.EntryLo0,
        Cp0Register.EntryLo1 => state.EntryLo1,
        Cp0Register.Context => state.Context,
        Cp0Register.UserLocal => state.UserLocal,
        Cp0Register.PageMask => state.PageMask,
        Cp0Register.Wired => state.Wired,
        Cp0Register.HwrEna => state.HwrEna,
        Cp0Register.BadVAddr => state.BadVAddr,
        Cp0Register.Count => host.CountAt(instret),
        Cp0Register.EntryHi => state.EntryHi,
        Cp0Register.Compare => state.Compare,
        Cp0Register.Status => state.Status,
        Cp0Register.IntCtl => state.IntCtl,
        Cp0Register.SrsCtl => 0,
        Cp0Register.SrsMap => 0,
        Cp0Register.Cause => host.LiveCause(),
        Cp0Register.Epc => state.Epc,
        Cp0Register.PrId => Cp0State.PrIdValue,
        Cp0Register.EBase => state.EBase,
        Cp0Register.Config => state.Config0,
        Cp0Register.Config1 => state.Config1,
        Cp0Register.Config2 => state.Config2,
        Cp0Register.Config3 => state.Config3,
        Cp0Register.LlAddr => state.LlAddr,
        Cp0Register.TagLo => state.TagLo,
        Cp0Register.DataLo => state.DataLo,
        Cp0Register.ErrorEpc => state.ErrorEpc,
        Cp0Register.DeSave => state.DeSave,
        _ => 0,
    };

    /// <summary>MTC0 at instruction boundary <paramref name="instret"/>: masked write with the register's side effects; read-only and unimplemented registers ignore it.</summary>
    public void Write(Cp0Register reg, uint value, long instret)
    {
        switch (reg)
        {
            case Cp0Register.Index:
                state.Index = (state.Index & 0x80000000u) | (value & Cp0Masks.Index);
                break;
            case Cp0Register.EntryLo0:
                state.EntryLo0 = value & Cp0Masks.EntryLo;
                break;
            case Cp0Register.EntryLo1:
                state.EntryLo1 = value & Cp0Masks.EntryLo;
                break;
            case Cp0Register.Context:
                state.Context = (state.Context & ~Cp0Masks.Context) | (value & Cp0Masks.Context);
                break;
            case Cp0Register.UserLocal:
                state.UserLocal = value;
                break;
            case Cp0Register.PageMask:
                state.PageMask = ValidPageMask(value & Cp0Masks.PageMask);
                break;
            case Cp0Register.Wired:
                state.Wired = value & 0x3f;
                break;
            case Cp0Register.HwrEna:
                state.HwrEna = value & Cp0Masks.HwrEna;
                break;
            case Cp0Register.Count:
                host.CountWritten(value, instret);
                break;
            case Cp0Register.EntryHi:
                {
                    var old = state.EntryHi;
                    state.EntryHi = value & Cp0Masks.EntryHi;
                    if (((old ^ state.EntryHi) & 0xff) != 0)
                    {
                        host.AsidChanged(old & 0xff, state.EntryHi & 0xff);
                    }
                    break;
                }
            case Cp0Register.Compare:
                // PRA §9.18: writing Compare clears the timer interrupt, and the next one comes when Count
                // *becomes* equal to it: a Compare behind Count must not fire for the Counts already passed
                // since the last timer check (Linux's c0_compare_int_usable acks with Compare = Count - 1).
                state.Compare = value;
                state.Cause &= ~Cp0Bits.CauseTI;
                host.CompareWritten(instret);
                break;
            case Cp0Register.Status:
                {
                    var writable = Cp0Masks.Status | host.ExtraWritableStatus;
                    state.Status = (state.Status & ~writable) | (value & writable);
                    host.ModeChanged();
                    break;
                }
            case Cp0Register.IntCtl:
                state.IntCtl = (state.IntCtl & ~Cp0Masks.IntCtl) | (value & Cp0Masks.IntCtl);
                break;
            case Cp0Register.Cause:
                state.Cause = (state.Cause & ~Cp0Masks.Cause) | (value & Cp0Masks.Cause);
                break;
            case Cp0Register.Epc:
                state.Epc = value;
                break;
            case Cp0Register.EBase:
                state.EBase = (state.EBase & ~Cp0Masks.EBase) | (value & Cp0Masks.EBase);
                break;
            case Cp0Register.Config:
                state.Config0 = (state.Config0 & ~Cp0Masks.Config0) | (value & Cp0Masks.Config0);
                break;
            case Cp0Register.TagLo:
                state.TagLo = value;
                break;
            case Cp0Register.DataLo:
                state.DataLo = value;
                break;
            case Cp0Register.ErrorEpc:
                state.ErrorEpc = value;
                break;
            case Cp0Register.DeSave:
                state.DeSave = value;
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
}
