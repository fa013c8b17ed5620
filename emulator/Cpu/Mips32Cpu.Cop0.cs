using Emu.Emulator.Cp0;
using Emu.Emulator.Decoder;
using Emu.Tracing;

namespace Emu.Emulator.Cpu;

/// <summary>
/// The vCPU's CP0 side: MFC0/MTC0 at the instruction being executed (through the register file,
/// <see cref="Cp0RegisterFile"/>, whose side effects come back here as <see cref="ICp0Host"/>), and what a changed
/// ASID does to derived translations. The privileged instructions themselves are the interpreter's CP0 family
/// (Interpreter/Mips32Cpu.Privileged.cs).
/// </summary>
public sealed unsafe partial class Mips32Cpu : ICp0Host
{
    /// <summary>MFC0 (<see cref="Cp0RegisterFile.Read"/>) at the instruction being executed; also the debugger's read.</summary>
    public uint ReadCp0(Cp0Register reg) => _cp0Regs.Read(reg, _instretNow);

    /// <summary>
    /// MFC0 in a translated region (emulator/Jit/RegionEmitter.Ops.cs): what the interpreter's MFC0 reads, at the
    /// instruction boundary <paramref name="instret"/> it would have synced to (the count with this instruction retired).
    /// </summary>
    internal uint RegionReadCp0(Cp0Register reg, long instret)
    {
        _instretNow = instret;
        return ReadCp0(reg);
    }

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

}
