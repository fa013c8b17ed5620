namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The move family between GPRs and CP1 (MFC1/MTC1/MFHC1/MTHC1, CFC1/CTC1), and the word/doubleword
/// views that the loads and stores (LWC1..SUXC1, executed by the CPU's memory path) read and write.
/// </summary>
public static class FpuMove
{
    public static uint Mfc1(FpuState st, int fs) => st.GetWord(fs);

    public static void Mtc1(FpuState st, int fs, uint value) => st.SetWord(fs, value);

    public static uint Mfhc1(FpuState st, int fs, bool fr) => st.GetHigh(fs, fr);

    public static void Mthc1(FpuState st, int fs, uint value, bool fr) => st.SetHigh(fs, value, fr);

    public static uint Cfc1(FpuState st, int fs) => Fcsr.Read(st.Fcsr, fs);

    /// <summary>
    /// CTC1: writes the control register's view of FCSR; raises FPE when a Cause bit is set whose Enable is
    /// set, or Cause.E (always enabled) — QEMU helper_ctc1's last check.
    /// </summary>
    public static FpuOutcome Ctc1(FpuState st, int fs, uint value)
    {
        st.Fcsr = Fcsr.Write(st.Fcsr, fs, value);
        return ((Fcsr.Enables(st.Fcsr) | 0x20) & Fcsr.Cause(st.Fcsr)) != 0 ? FpuOutcome.Fpe : FpuOutcome.Done;
    }
}
