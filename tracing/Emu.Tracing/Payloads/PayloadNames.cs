namespace Emu.Tracing;

/// <summary>
/// The names written next to every enum field of an event (<c>reason</c> → <c>reasonName</c>, ...).
/// </summary>
/// <remarks>
/// <para>Why strings in the payload: EventPipe (nettrace V5, what .NET 10 writes) carries no EventSource
/// manifest. EventSource sends its manifest only to ETW, and a nettrace event's metadata holds no Task, so
/// TraceEvent's <c>DynamicTraceEventParser.CheckForDynamicManifest</c> (which wants event 0xFFFE with task
/// 0xFFFE) could not recognise one anyway. Enum maps never reach TraceEvent or PerfView, which show the
/// bare integer. A name field costs a copy of a few UTF-16 bytes from a string interned here (measured in
/// the README's Cost paragraph), and makes every tool show <c>TLBL</c> and <c>Slow</c>.</para>
/// <para>Lookups never allocate on the emitting path: every table is built once.</para>
/// </remarks>
public static class PayloadNames
{
    /// <summary>
    /// Exit reasons under the MIPS32 PRA mnemonics of Cause.ExcCode (Vol. III, Table 9.31: Int, Mod,
    /// TLBL, TLBS, AdEL, ...), as a kernel engineer reads them in a Cause dump, then KVM's extra codes
    /// (WAIT, CACHE, SIGNAL) and Emu's own (MMIO, HOST_FAULT, INTERNAL_ERROR).
    /// </summary>
    private static readonly string[] s_exitReasons = BuildExitReasons();

    private static readonly string[] s_faultPaths = Build<FaultPath>();
    private static readonly string[] s_faultResults = Build<FaultResult>();
    private static readonly string[] s_stopReasons = Build<VcpuStopReason>();
    private static readonly string[] s_flushCauses = Build<FlushCause>();
    private static readonly string[] s_notifierKinds = Build<NotifierKind>();
    private static readonly string[] s_hostMmKinds = Build<HostMmEventKind>();
    private static readonly string[] s_memslotChanges = Build<MemslotChangeKind>();
    private static readonly string[] s_gdbPacketKinds = Build<GdbPacketKind>();

    public static string Of(ExitReason v) => Lookup(s_exitReasons, (int)v);

    public static string Of(FaultPath v) => Lookup(s_faultPaths, (int)v);

    public static string Of(FaultResult v) => Lookup(s_faultResults, (int)v);

    public static string Of(VcpuStopReason v) => Lookup(s_stopReasons, (int)v);

    public static string Of(FlushCause v) => Lookup(s_flushCauses, (int)v);

    public static string Of(NotifierKind v) => Lookup(s_notifierKinds, (int)v);

    public static string Of(HostMmEventKind v) => Lookup(s_hostMmKinds, (int)v);

    public static string Of(MemslotChangeKind v) => Lookup(s_memslotChanges, (int)v);

    public static string Of(GdbPacketKind v) => Lookup(s_gdbPacketKinds, (int)v);

    /// <summary>The named value, or "?" for a value outside the table (never allocates).</summary>
    private static string Lookup(string[] table, int v) => (uint)v < (uint)table.Length && table[v] is { } s ? s : "?";

    private static string[] Build<T>() where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var table = new string[values.Max(v => Convert.ToInt32(v)) + 1];
        foreach (var v in values)
        {
            table[Convert.ToInt32(v)] = v.ToString();
        }
        return table;
    }

    private static string[] BuildExitReasons()
    {
        var t = new string[64];
        string[] excCodes =
        [
            "Int", "Mod", "TLBL", "TLBS", "AdEL", "AdES", "IBE", "DBE", "Sys", "Bp", "RI", "CpU", "Ov", "Tr", "MSAFPE", "FPE",
            "Impl16", "Impl17", "C2E", "TLBRI", "TLBXI", "MSADis", "MDMX", "WATCH", "MCheck", "Thread", "DSPDis", "GE",
            "Res28", "Res29", "CacheErr", "Res31",
        ];
        excCodes.CopyTo(t, 0);
        t[(int)ExitReason.Wait] = "WAIT";
        t[(int)ExitReason.Cache] = "CACHE";
        t[(int)ExitReason.Signal] = "SIGNAL";
        t[(int)ExitReason.Mmio] = "MMIO";
        t[(int)ExitReason.HostFault] = "HOST_FAULT";
        t[(int)ExitReason.InternalError] = "INTERNAL_ERROR";
        for (var i = 0; i < t.Length; i++)
        {
            t[i] ??= "Exc" + i;
        }
        return t;
    }
}
