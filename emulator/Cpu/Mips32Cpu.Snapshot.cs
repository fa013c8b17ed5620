using Emu.Emulator.Cp0;
using Emu.Emulator.Snapshot;

namespace Emu.Emulator.Cpu;

/// <summary>
/// Snapshot of one vCPU: the integer state (GPRs, HI/LO, PC/next PC/delay slot, LLbit), the LL link, CP0 and the TLB,
/// the FPU if present, guest time (retired instructions, idle cycles, the Count bias and the timer's last look),
/// WAIT, the interrupt lines as the board drives them, halt, and the exception counts (which also order events that
/// happen at one instruction count, see Snapshot/InputLog). Derived state — GvaCache, decoded code — is dropped on
/// load, never saved: it is rebuilt from the restored state.
/// </summary>
/// <remarks>Only while the vCPU is outside <see cref="Run"/> (stopped or parked by the debugger).</remarks>
public sealed unsafe partial class Mips32Cpu : ISnapshotState
{
    public void SaveState(BinaryWriter writer)
    {
        writer.Write(new ReadOnlySpan<byte>(_s, sizeof(CpuState)));
        writer.Write(_llVa);
        writer.Write(_llInRam);
        writer.Write(_llRaw);
        foreach (var r in Cp0Fields())
        {
            writer.Write(r);
        }
        _tlb.SaveState(writer);
        writer.Write(_fpu is not null);
        if (_fpu is not null)
        {
            for (var i = 0; i < 32; i++)
            {
                writer.Write(_fpu.Raw(i));
            }
            writer.Write(_fpu.Fcsr);
        }
        writer.Write(_instret);
        writer.Write(_idleCycles);
        writer.Write(_countBias);
        writer.Write(_lastCount);
        writer.Write(_waiting);
        writer.Write(Volatile.Read(ref _irqLines));
        writer.Write(HaltRequested);
        foreach (var n in ExceptionCounts)
        {
            writer.Write(n);
        }
    }

    public void LoadState(BinaryReader reader)
    {
        reader.ReadExactly(new Span<byte>(_s, sizeof(CpuState)));
        _llVa = reader.ReadUInt32();
        _llInRam = reader.ReadBoolean();
        _llRaw = reader.ReadUInt32();
        var cp0 = new uint[Cp0FieldCount];
        for (var i = 0; i < cp0.Length; i++)
        {
            cp0[i] = reader.ReadUInt32();
        }
        SetCp0Fields(cp0);
        _tlb.LoadState(reader);
        if (reader.ReadBoolean() != (_fpu is not null))
        {
            throw new InvalidDataException("the snapshot's CPU model differs in its FPU");
        }
        if (_fpu is not null)
        {
            for (var i = 0; i < 32; i++)
            {
                _fpu.SetRaw(i, reader.ReadUInt64());
            }
            _fpu.Fcsr = reader.ReadUInt32();
        }
        _instret = reader.ReadInt64();
        _instretNow = _instret;
        _idleCycles = reader.ReadInt64();
        _countBias = reader.ReadUInt32();
        _lastCount = reader.ReadUInt32();
        _waiting = reader.ReadBoolean();
        Volatile.Write(ref _irqLines, reader.ReadInt32());
        HaltRequested = reader.ReadBoolean();
        for (var i = 0; i < ExceptionCounts.Length; i++)
        {
            ExceptionCounts[i] = reader.ReadInt64();
        }
        _debugHit = null;
        // Derived state goes: translations (the ERL regime included) now; decoded code through the hub (the RAM
        // restore's InvalidateRangeStart), and all of this vCPU's here too, for pages outside RAM (the boot flash).
        _lastErl = (_cp0.Status & Cp0Bits.StatusERL) != 0;
        _gvaCache.FlushAll();
        _codeCache.InvalidateRange(0, uint.MaxValue);
    }

    /// <summary>Guest time in cycles (retired instructions plus idle cycles): one half of a replay event's position.</summary>
    public long GuestCycles => _instret + _idleCycles;

    /// <summary>Exceptions (interrupts included) taken since reset: orders state changes that happen at one instruction count.</summary>
    public long ExceptionsTaken
    {
        get
        {
            long sum = 0;
            foreach (var n in ExceptionCounts)
            {
                sum += n;
            }
            return sum;
        }
    }

    /// <summary>While stopped: the timer's look at Count made now (see Machine.StateHash).</summary>
    internal void SyncTimerForHash() => UpdateTimer();

    private const int Cp0FieldCount = 25;

    private uint[] Cp0Fields() =>
    [
        _cp0.Index, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.Context, _cp0.UserLocal, _cp0.PageMask, _cp0.Wired, _cp0.HwrEna,
        _cp0.BadVAddr, _cp0.EntryHi, _cp0.Compare, _cp0.Status, _cp0.IntCtl, _cp0.Cause, _cp0.Epc, _cp0.EBase,
        _cp0.Config0, _cp0.Config1, _cp0.Config2, _cp0.Config3, _cp0.LlAddr, _cp0.TagLo, _cp0.DataLo, _cp0.ErrorEpc,
        _cp0.DeSave,
    ];

    private void SetCp0Fields(uint[] f)
    {
        (_cp0.Index, _cp0.EntryLo0, _cp0.EntryLo1, _cp0.Context, _cp0.UserLocal) = (f[0], f[1], f[2], f[3], f[4]);
        (_cp0.PageMask, _cp0.Wired, _cp0.HwrEna, _cp0.BadVAddr, _cp0.EntryHi) = (f[5], f[6], f[7], f[8], f[9]);
        (_cp0.Compare, _cp0.Status, _cp0.IntCtl, _cp0.Cause, _cp0.Epc) = (f[10], f[11], f[12], f[13], f[14]);
        (_cp0.EBase, _cp0.Config0, _cp0.Config1, _cp0.Config2, _cp0.Config3) = (f[15], f[16], f[17], f[18], f[19]);
        (_cp0.LlAddr, _cp0.TagLo, _cp0.DataLo, _cp0.ErrorEpc, _cp0.DeSave) = (f[20], f[21], f[22], f[23], f[24]);
    }
}
