namespace Emu.Emulator.Decoder.Syntax;

/// <summary>
/// Register names as GNU objdump prints them for MIPS32 Release 2 o32 code (binutils' default name sets for
/// -march=mips32r2): GPRs by ABI name, CP0 registers by name where binutils names the (register, select) pair
/// (otherwise <c>$reg</c> or <c>$reg,sel</c>), FPU control registers as <c>c1_*</c>. The CP0 list was read off
/// <c>mips-linux-gnu-objdump -d</c> of MFC0 with every register and select (binutils 2.40).
/// </summary>
public static class RegisterNames
{
    private static readonly string[] s_gpr =
    [
        "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
        "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
    ];

    /// <summary>Indexed by register * 8 + select.</summary>
    private static readonly string[] s_cp0 =
    [
        "c0_index", "c0_mvpcontrol", "c0_mvpconf0", "c0_mvpconf1", "$0,4", "$0,5", "$0,6", "$0,7",
        "c0_random", "c0_vpecontrol", "c0_vpeconf0", "c0_vpeconf1", "c0_yqmask", "c0_vpeschedule", "c0_vpeschefback", "$1,7",
        "c0_entrylo0", "c0_tcstatus", "c0_tcbind", "c0_tcrestart", "c0_tchalt", "c0_tccontext", "c0_tcschedule", "c0_tcschefback",
        "c0_entrylo1", "$3,1", "$3,2", "$3,3", "$3,4", "$3,5", "$3,6", "$3,7",
        "c0_context", "c0_contextconfig", "$4,2", "$4,3", "$4,4", "$4,5", "$4,6", "$4,7",
        "c0_pagemask", "c0_pagegrain", "$5,2", "$5,3", "$5,4", "$5,5", "$5,6", "$5,7",
        "c0_wired", "c0_srsconf0", "c0_srsconf1", "c0_srsconf2", "c0_srsconf3", "c0_srsconf4", "$6,6", "$6,7",
        "c0_hwrena", "$7,1", "$7,2", "$7,3", "$7,4", "$7,5", "$7,6", "$7,7",
        "c0_badvaddr", "$8,1", "$8,2", "$8,3", "$8,4", "$8,5", "$8,6", "$8,7",
        "c0_count", "$9,1", "$9,2", "$9,3", "$9,4", "$9,5", "$9,6", "$9,7",
        "c0_entryhi", "$10,1", "$10,2", "$10,3", "$10,4", "$10,5", "$10,6", "$10,7",
        "c0_compare", "$11,1", "$11,2", "$11,3", "$11,4", "$11,5", "$11,6", "$11,7",
        "c0_status", "c0_intctl", "c0_srsctl", "c0_srsmap", "$12,4", "$12,5", "$12,6", "$12,7",
        "c0_cause", "$13,1", "$13,2", "$13,3", "$13,4", "$13,5", "$13,6", "$13,7",
        "c0_epc", "$14,1", "$14,2", "$14,3", "$14,4", "$14,5", "$14,6", "$14,7",
        "c0_prid", "c0_ebase", "$15,2", "$15,3", "$15,4", "$15,5", "$15,6", "$15,7",
        "c0_config", "c0_config1", "c0_config2", "c0_config3", "$16,4", "$16,5", "$16,6", "$16,7",
        "c0_lladdr", "$17,1", "$17,2", "$17,3", "$17,4", "$17,5", "$17,6", "$17,7",
        "c0_watchlo", "c0_watchlo,1", "c0_watchlo,2", "c0_watchlo,3", "c0_watchlo,4", "c0_watchlo,5", "c0_watchlo,6", "c0_watchlo,7",
        "c0_watchhi", "c0_watchhi,1", "c0_watchhi,2", "c0_watchhi,3", "c0_watchhi,4", "c0_watchhi,5", "c0_watchhi,6", "c0_watchhi,7",
        "c0_xcontext", "$20,1", "$20,2", "$20,3", "$20,4", "$20,5", "$20,6", "$20,7",
        "$21", "$21,1", "$21,2", "$21,3", "$21,4", "$21,5", "$21,6", "$21,7",
        "$22", "$22,1", "$22,2", "$22,3", "$22,4", "$22,5", "$22,6", "$22,7",
        "c0_debug", "c0_tracecontrol", "c0_tracecontrol2", "c0_usertracedata", "c0_tracebpc", "$23,5", "$23,6", "$23,7",
        "c0_depc", "$24,1", "$24,2", "$24,3", "$24,4", "$24,5", "$24,6", "$24,7",
        "c0_perfcnt", "c0_perfcnt,1", "c0_perfcnt,2", "c0_perfcnt,3", "c0_perfcnt,4", "c0_perfcnt,5", "c0_perfcnt,6", "c0_perfcnt,7",
        "c0_errctl", "$26,1", "$26,2", "$26,3", "$26,4", "$26,5", "$26,6", "$26,7",
        "c0_cacheerr", "c0_cacheerr,1", "c0_cacheerr,2", "c0_cacheerr,3", "$27,4", "$27,5", "$27,6", "$27,7",
        "c0_taglo", "c0_datalo", "c0_taglo1", "c0_datalo1", "c0_taglo2", "c0_datalo2", "c0_taglo3", "c0_datalo3",
        "c0_taghi", "c0_datahi", "c0_taghi1", "c0_datahi1", "c0_taghi2", "c0_datahi2", "c0_taghi3", "c0_datahi3",
        "c0_errorepc", "$30,1", "$30,2", "$30,3", "$30,4", "$30,5", "$30,6", "$30,7",
        "c0_desave", "$31,1", "$31,2", "$31,3", "$31,4", "$31,5", "$31,6", "$31,7",
    ];

    private static readonly Dictionary<string, int> s_gprByName = Index(s_gpr);
    private static readonly Dictionary<string, int> s_cp0ByName = Index(s_cp0);

    public static string Gpr(int n) => s_gpr[n & 31];

    /// <summary>The CP0 register (and select, when not 0 or unnamed) as objdump prints it: one operand that may hold a comma.</summary>
    public static string Cp0(int reg, int sel) => s_cp0[((reg & 31) * 8) + (sel & 7)];

    public static string Fpr(int n) => $"$f{n & 31}";

    /// <summary>FCR names binutils uses (c1_fir, c1_fccr, c1_fexr, c1_fenr, c1_fcsr); other numbers print as $n.</summary>
    public static string Fcr(int n) => (n & 31) switch
    {
        0 => "c1_fir",
        25 => "c1_fccr",
        26 => "c1_fexr",
        28 => "c1_fenr",
        31 => "c1_fcsr",
        var x => $"${x}",
    };

    /// <summary>Parses a GPR as objdump prints it, or as <c>$n</c>, <c>$name</c> (also <c>fp</c> for 30).</summary>
    public static bool TryParseGpr(string text, out int n)
    {
        var t = text.StartsWith('$') ? text[1..] : text;
        if (t == "fp")
        {
            n = 30;
            return true;
        }
        if (s_gprByName.TryGetValue(t, out n))
        {
            return true;
        }
        return int.TryParse(t, out n) && n is >= 0 and < 32 && text.StartsWith('$');
    }

    public static bool TryParseFpr(string text, out int n)
    {
        n = 0;
        return text.StartsWith("$f", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), out n) && n is >= 0 and < 32;
    }

    public static bool TryParseFcr(string text, out int n)
    {
        for (var i = 0; i < 32; i++)
        {
            if (Fcr(i) == text)
            {
                n = i;
                return true;
            }
        }
        n = 0;
        return false;
    }

    /// <summary>Parses a CP0 operand: a name (with its ",sel" when objdump prints one), or <c>$reg</c> / <c>$reg,sel</c>.</summary>
    public static bool TryParseCp0(string text, out int reg, out int sel)
    {
        reg = sel = 0;
        if (s_cp0ByName.TryGetValue(text, out var i))
        {
            reg = i / 8;
            sel = i % 8;
            return true;
        }
        var parts = text.Split(',');
        if (!text.StartsWith('$') || !int.TryParse(parts[0].AsSpan(1), out reg) || reg is < 0 or > 31)
        {
            return false;
        }
        return parts.Length == 1 || (parts.Length == 2 && int.TryParse(parts[1], out sel) && sel is >= 0 and < 8);
    }

    private static Dictionary<string, int> Index(string[] names)
    {
        var d = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Length; i++)
        {
            d.TryAdd(names[i], i);
        }
        return d;
    }
}
