namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The rounding environment of one FP operation (QEMU's float_status for MIPS): the FCSR rounding mode,
/// FCSR.FS (flush tiny results to zero) and the IEEE flags the operation raised. A fresh one per
/// instruction, so flags never leak from one instruction into the next one's Cause.
/// </summary>
public struct FpEnv(RoundingMode mode, bool flushToZero)
{
    public RoundingMode Mode = mode;
    public bool FlushToZero = flushToZero;
    public FpFlags Flags;
}
