namespace Emu.Emulator.Cpu.Fpu;

/// <summary>What an FPU instruction asks of the interpreter.</summary>
public enum FpuOutcome : byte
{
    Done,
    /// <summary>An enabled IEEE exception (or CTC1 writing an enabled cause): FCSR.Cause is set, raise FPE.</summary>
    Fpe,
    /// <summary>Reserved Instruction: an odd double register with FR = 0, or a 64-bit-mode-only op with FR = 0.</summary>
    Reserved,
}

/// <summary>The commit step every arithmetic FP instruction shares (QEMU target/mips update_fcr31).</summary>
internal static class FpuCommit
{
    public static FpEnv Env(FpuState st) => new(Fcsr.Rounding(st.Fcsr), Fcsr.FlushToZero(st.Fcsr));

    /// <summary>
    /// Cause := the operation's flags. If any is enabled, FPE is raised and neither Flags nor the destination
    /// change (returns false); otherwise the flags accumulate and the caller writes the result.
    /// </summary>
    public static bool Commit(FpuState st, in FpEnv env)
    {
        var cause = (uint)env.Flags;
        var fcsr = (st.Fcsr & ~Fcsr.CauseMask) | (cause << Fcsr.CauseShift);
        if ((cause & Fcsr.Enables(fcsr)) != 0)
        {
            st.Fcsr = fcsr;
            return false;
        }
        st.Fcsr = fcsr | (cause << Fcsr.FlagsShift);
        return true;
    }

    /// <summary>QEMU check_cp1_registers: with FR = 0 a 64-bit operand must name an even register.</summary>
    public static bool EvenPairs(bool fr, int regs) => fr || (regs & 1) == 0;
}
