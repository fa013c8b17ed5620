using Emu.Emulator.Decoder;

namespace Emu.Emulator.Cpu.Fpu;

/// <summary>
/// The condition-code family: C.cond.fmt (MIPS32 Vol II-A C.cond.fmt, Table 3.27: cond bit 0 = unordered,
/// bit 1 = equal, bit 2 = less than, bit 3 = signal on any NaN), BC1F/BC1T and the conditional moves
/// MOVF/MOVT (GPR and .fmt) and MOVZ/MOVN.fmt. Only C.cond touches FCSR.Cause (QEMU's helper_cmp_*
/// update_fcr31 before the condition is set, so an enabled Invalid leaves the condition code alone).
/// </summary>
public static class FpuCompare
{
    /// <summary>C.cond.fmt fs, ft with Imm = cond | cc &lt;&lt; 4.</summary>
    public static FpuOutcome Compare(FpuState st, InstName op, int fs, int ft, uint imm, bool fr)
    {
        var cond = (int)(imm & 15);
        var cc = (int)(imm >> 4);
        var env = FpuCommit.Env(st);
        var signalling = (cond & 8) != 0;
        int order;
        if (op == InstName.CCondS)
        {
            order = SoftFloat.Compare(FloatFormat.Single, st.GetWord(fs), st.GetWord(ft), signalling, ref env);
        }
        else
        {
            if (!FpuCommit.EvenPairs(fr, fs | ft))
            {
                return FpuOutcome.Reserved;
            }
            order = SoftFloat.Compare(FloatFormat.Double, st.GetDouble(fs, fr), st.GetDouble(ft, fr), signalling, ref env);
        }
        var result = (order == 2 && (cond & 1) != 0) || (order == 0 && (cond & 2) != 0) || (order == -1 && (cond & 4) != 0);
        if (!FpuCommit.Commit(st, env))
        {
            return FpuOutcome.Fpe;
        }
        st.Fcsr = Fcsr.SetCc(st.Fcsr, cc, result);
        return FpuOutcome.Done;
    }

    /// <summary>BC1F/BC1T and MOVF/MOVT: the rt field is cc(3) · nd/0 · tf; true when FCC[cc] equals tf.</summary>
    public static bool CcMatches(FpuState st, int rtField) => Fcsr.Cc(st.Fcsr, rtField >> 2) == ((rtField & 1) != 0);

    /// <summary>MOVF/MOVT/MOVZ/MOVN.fmt: fd ← fs when <paramref name="move"/>; no FCSR change.</summary>
    public static FpuOutcome ConditionalMove(FpuState st, InstName op, int fd, int fs, bool move, bool fr)
    {
        // No register check here: QEMU's gen_movcf_d and MOVZ.D/MOVN.D accept odd registers with FR = 0 and read the
        // pair through the same even/odd view as every double.
        var isDouble = op is InstName.MovcfD or InstName.MovzD or InstName.MovnD;
        if (move)
        {
            if (isDouble)
            {
                st.SetDouble(fd, st.GetDouble(fs, fr), fr);
            }
            else
            {
                st.SetWord(fd, st.GetWord(fs));
            }
        }
        return FpuOutcome.Done;
    }
}
