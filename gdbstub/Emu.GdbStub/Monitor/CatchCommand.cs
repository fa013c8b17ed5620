using Emu.Emulator.Cpu;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// "catch EXC[,EXC…]|all|none": stop a vCPU at the exception vector when the guest takes one of these
/// exceptions (a debugging aid QEMU's stub lacks; gdb's own "catch" covers only OS events). Names are the
/// MIPS32 PRA Table 9.31 mnemonics (Cause.ExcCode), case-insensitive: Int Mod TLBL TLBS AdEL AdES IBE DBE
/// Sys Bp RI CpU Ov Tr. The stop reply is T05 with an "exc:NAME" field (gdb skips fields it does not
/// know); Cause, EPC and BadVAddr show the rest. Caught codes are dropped with the debug points when the
/// debugger detaches.
/// </summary>
public sealed class CatchCommand : IMonitorCommand
{
    public string Name => "catch";

    public string Help => "EXC[,EXC...]|all|none  stop at the vector when the guest takes these exceptions (TLBL, RI, Sys, int, ...)";

    public void Execute(MonitorContext context, string arguments)
    {
        var text = arguments.Trim();
        var o = context.Output;
        if (text.Length == 0)
        {
            o.WriteLine($"catching: {Describe(context.Controller.CatchMask)}");
            return;
        }
        if (!TryParse(text, out var mask, out var bad))
        {
            o.WriteLine($"catch: unknown exception '{bad}' (one of: {string.Join(' ', Enum.GetValues<ExcCode>().Select(Mnemonic))}, all, none)");
            return;
        }
        context.Controller.CatchMask = mask;
        o.WriteLine($"catching: {Describe(mask)}");
    }

    /// <summary>Every ExcCode the interpreter raises.</summary>
    public static uint AllMask => Enum.GetValues<ExcCode>().Aggregate(0u, (m, c) => m | (1u << (int)c));

    public static bool TryParse(string text, out uint mask, out string bad)
    {
        mask = 0;
        bad = "";
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            mask = AllMask;
            return true;
        }
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        foreach (var word in text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Enum.TryParse<ExcCode>(word, ignoreCase: true, out var code) || !Enum.IsDefined(code) || int.TryParse(word, out _))
            {
                bad = word;
                return false;
            }
            mask |= 1u << (int)code;
        }
        return true;
    }

    public static string Describe(uint mask) => mask == 0
        ? "none"
        : string.Join(',', Enum.GetValues<ExcCode>().Where(c => (mask & (1u << (int)c)) != 0).Select(Mnemonic));

    /// <summary>The manual's mnemonic (MIPS32 PRA Table 9.31): TLBL, IBE, RI, ...</summary>
    public static string Mnemonic(ExcCode code) => code switch
    {
        ExcCode.TlbL => "TLBL",
        ExcCode.TlbS => "TLBS",
        ExcCode.Ibe => "IBE",
        ExcCode.Dbe => "DBE",
        _ => code.ToString(),
    };

    /// <summary>The manual's name of an exception, for people (stop notes, monitor output).</summary>
    public static string LongName(ExcCode code) => code switch
    {
        ExcCode.Int => "Interrupt",
        ExcCode.Mod => "TLB Modified",
        ExcCode.TlbL => "TLB exception (load or fetch)",
        ExcCode.TlbS => "TLB exception (store)",
        ExcCode.AdEL => "Address Error (load or fetch)",
        ExcCode.AdES => "Address Error (store)",
        ExcCode.Ibe => "Bus Error (fetch)",
        ExcCode.Dbe => "Bus Error (data)",
        ExcCode.Sys => "Syscall",
        ExcCode.Bp => "Breakpoint",
        ExcCode.RI => "Reserved Instruction",
        ExcCode.CpU => "Coprocessor Unusable",
        ExcCode.Ov => "Integer Overflow",
        ExcCode.Tr => "Trap",
        _ => code.ToString(),
    };
}
