using Emu.Emulator.Cp0;
using Emu.Emulator.Debug;

namespace Emu.GdbStub.Mips;

/// <summary>
/// gdb's MIPS register numbering (GDB-RSP-MIPS.md §5; gdb mips-tdep.c): r0-r31, status 32, lo 33,
/// hi 34, badvaddr 35, cause 36, pc 37, f0-f31 38-69, fcsr 70, fir 71 (the 24Kf's FPU through
/// ICpuDebugTarget.ReadFpuRegister; zeros on a 24Kc, whose description gdb still requires), and Emu's extra CP0
/// registers from 80 on (custom feature). The g packet carries every described register in regnum order with no
/// gap for the undescribed 72..79 (gdb's map_regcache_remote_table packs by remote number), so `info registers`
/// costs one g instead of a p per extra register.
/// </summary>
internal static class MipsRegisterMap
{
    public const int Status = 32, Lo = 33, Hi = 34, BadVAddr = 35, Cause = 36, Pc = 37;
    public const int FirstFpr = 38, Fcsr = 70, Fir = 71;
    /// <summary>Registers 0..71 of the g/G packet; the extra CP0 registers follow them.</summary>
    public const int GPacketCount = 72;
    public const int FirstExtra = 80;


    /// <summary>Extra CP0 registers, regnum = <see cref="FirstExtra"/> + index.</summary>
    public static readonly (string Name, Cp0Register Reg)[] ExtraCp0 =
    [
        ("index", Cp0Register.Index),
        ("random", Cp0Register.Random),
        ("entrylo0", Cp0Register.EntryLo0),
        ("entrylo1", Cp0Register.EntryLo1),
        ("context", Cp0Register.Context),
        ("pagemask", Cp0Register.PageMask),
        ("wired", Cp0Register.Wired),
        ("hwrena", Cp0Register.HwrEna),
        ("count", Cp0Register.Count),
        ("entryhi", Cp0Register.EntryHi),
        ("compare", Cp0Register.Compare),
        ("epc", Cp0Register.Epc),
        ("prid", Cp0Register.PrId),
        ("ebase", Cp0Register.EBase),
        ("config", Cp0Register.Config),
        ("config1", Cp0Register.Config1),
        ("config2", Cp0Register.Config2),
        ("config3", Cp0Register.Config3),
        ("lladdr", Cp0Register.LlAddr),
        ("errorepc", Cp0Register.ErrorEpc),
        ("ulr", Cp0Register.UserLocal), // UserLocal, RDHWR $29 "ULR": short enough for gdb's register column
    ];

    /// <summary>Every register in the g/G packet, in packet order (0..71, then 80..).</summary>
    public static readonly int[] GPacketOrder = [.. Enumerable.Range(0, GPacketCount), .. Enumerable.Range(FirstExtra, ExtraCp0.Length)];
    // (declared after ExtraCp0: static initializers run in text order)

    public static bool Exists(int regnum) =>
        regnum is >= 0 and < GPacketCount || (regnum >= FirstExtra && regnum < FirstExtra + ExtraCp0.Length);

    public static uint Read(ICpuDebugTarget t, int regnum) => regnum switch
    {
        < 32 => t.GetGpr(regnum),
        Status => t.ReadCp0(Cp0Register.Status),
        Lo => t.Lo,
        Hi => t.Hi,
        BadVAddr => t.ReadCp0(Cp0Register.BadVAddr),
        Cause => t.ReadCp0(Cp0Register.Cause),
        Pc => t.Pc,
        < GPacketCount => t.ReadFpuRegister(regnum - FirstFpr), // f0-f31, FCSR, FIR
        _ => t.ReadCp0(ExtraCp0[regnum - FirstExtra].Reg),
    };

    /// <summary>Writes one register; read-only ones (BadVAddr, FIR) accept and ignore the value.</summary>
    public static void Write(ICpuDebugTarget t, int regnum, uint value)
    {
        switch (regnum)
        {
            case < 32: t.SetGpr(regnum, value); break; // r0 writes are ignored by SetGpr
            case Status: t.WriteCp0(Cp0Register.Status, value); break;
            case Lo: t.Lo = value; break;
            case Hi: t.Hi = value; break;
            case BadVAddr: break; // read-only for software
            case Cause: t.WriteCp0(Cp0Register.Cause, value); break; // only IP1..0 etc. are writable
            case Pc:
                if (t.Pc != value)
                {
                    t.Pc = value; // cancels a pending delay-slot branch
                }
                break;
            case < GPacketCount: t.WriteFpuRegister(regnum - FirstFpr, value); break;
            default: t.WriteCp0(ExtraCp0[regnum - FirstExtra].Reg, value); break;
        }
    }
}
