using Emu.Emulator.Cpu;

namespace Emu.GdbStub.Monitor;

/// <summary>
/// "info tlb": the guest TLB of the selected vCPU. Addresses are shown as addresses and labelled so: the
/// pair's virtual base (EntryHi.VPN2 with its low bits, "VA") and each half's physical page address
/// (EntryLo.PFN &lt;&lt; 12, "PA"), then C/D/V (MIPS32 PRA §9.6 EntryLo).
/// </summary>
public sealed class InfoTlbCommand : IMonitorCommand
{
    public string Name => "info tlb";

    public string Help => "show the guest TLB of the selected vCPU";

    public void Execute(MonitorContext context, string arguments)
    {
        var tlb = context.Target.Tlb;
        var o = context.Output;
        o.WriteLine($"guest TLB, {tlb.Count} entries (cpu{context.Target.VcpuIndex}); EntryHi.ASID={context.Target.ReadCp0(Emu.Emulator.Cp0.Cp0Register.EntryHi) & 0xff:x2}");
        o.WriteLine("idx  VA (VPN2)  ASID G pagesize  even: PA         C D V   odd: PA         C D V");
        for (var i = 0; i < tlb.Count; i++)
        {
            ref readonly var e = ref tlb[i];
            var size = ((e.PageMask >> 13) + 1) * 4;
            o.WriteLine($"{i,3}  0x{e.Vpn2:x8} {e.Asid:x2}  {(e.Global ? 1 : 0)} {size,6}K   {Half(e.Lo0)}   {Half(e.Lo1)}");
        }
    }

    private static string Half(uint lo) =>
        $"0x{(lo >> 6 & 0xfffff) << 12:x8} {lo >> 3 & 7} {lo >> 2 & 1} {lo >> 1 & 1}";
}

/// <summary>"translate ADDR": the address's path through the registered translation stages.</summary>
public sealed class TranslateCommand(List<ITranslationStage> stages) : IMonitorCommand
{
    public string Name => "translate";

    public string Help => "ADDR: guest virtual address -> segment/TLB entry -> guest physical (and later stages)";

    public void Execute(MonitorContext context, string arguments)
    {
        if (!MonitorRegistry.TryParseAddress(arguments, out var va))
        {
            context.Output.WriteLine("usage: monitor translate ADDR (hex)");
            return;
        }
        ulong? address = va;
        foreach (var stage in stages)
        {
            address = stage.Translate(context.Target, address.Value, context.Output);
            if (address is null)
            {
                return;
            }
        }
    }
}

/// <summary>"exits": per-vCPU exception counts by ExcCode (the exit counters of the KVM model to come).</summary>
public sealed class ExitsCommand : IMonitorCommand
{
    public string Name => "exits";

    public string Help => "per-vCPU exception (exit) counts by cause";

    public void Execute(MonitorContext context, string arguments)
    {
        foreach (var t in context.Controller.Targets)
        {
            context.Output.WriteLine($"cpu{t.VcpuIndex}: {t.InstructionsRetired} instructions retired");
            for (var i = 0; i < t.ExceptionCounts.Length; i++)
            {
                if (t.ExceptionCounts[i] != 0)
                {
                    context.Output.WriteLine($"  {(ExcCode)i,-6} {t.ExceptionCounts[i]}");
                }
            }
        }
    }
}

/// <summary>
/// "system_reset" (alias "reset"): the board reset a guest reboot performs (QEMU's monitor system_reset):
/// devices, ROM and kernel image written again, decoded code dropped, every vCPU at the reset vector and
/// stopped there. gdb keeps its register cache across a monitor command, so the output says to refresh it
/// (flushregs) or simply continue/step.
/// </summary>
public sealed class ResetCommand(string name = "system_reset") : IMonitorCommand
{
    public string Name => name;

    public string Help => "reset the whole board as a guest reboot does; the vCPUs stay stopped at the reset vector";

    public void Execute(MonitorContext context, string arguments)
    {
        if (!context.Controller.ResetBoard())
        {
            context.Output.WriteLine("system_reset: not possible now (no board reset, or the machine is running)");
            return;
        }
        context.Output.WriteLine($"system_reset: board reset; cpu0 stopped at the reset vector pc=0x{context.Controller.Targets[0].Pc:x8} (gdb: flushregs to see it)");
    }
}

/// <summary>"cp0 [NAME [VALUE]]": read or write a CP0 register by its manual name (MTC0 semantics on write).</summary>
public sealed class Cp0Command : IMonitorCommand
{
    public string Name => "cp0";

    public string Help => "[NAME [VALUE]]: show all CP0 registers, one, or write one (with MTC0's mask)";

    public void Execute(MonitorContext context, string arguments)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            foreach (var reg in Enum.GetValues<Emu.Emulator.Cp0.Cp0Register>())
            {
                context.Output.WriteLine($"{reg,-10} ({(int)reg / 8},{(int)reg % 8}) 0x{context.Target.ReadCp0(reg):x8}");
            }
            return;
        }
        if (!Enum.TryParse<Emu.Emulator.Cp0.Cp0Register>(words[0], ignoreCase: true, out var r) || !Enum.IsDefined(r))
        {
            context.Output.WriteLine($"cp0: no register '{words[0]}' (monitor cp0 lists them)");
            return;
        }
        if (words.Length > 1)
        {
            if (!MonitorRegistry.TryParseAddress(words[1], out var value))
            {
                context.Output.WriteLine("usage: monitor cp0 NAME VALUE (hex)");
                return;
            }
            context.Target.WriteCp0(r, value);
        }
        context.Output.WriteLine($"{r} = 0x{context.Target.ReadCp0(r):x8}");
    }
}
