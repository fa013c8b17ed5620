using Emu.Emulator;
using Emu.Emulator.Cpu;
using Emu.Emulator.Kvm;
using Spectre.Console;

namespace Emu.Cli;

/// <summary>
/// The exit summary of `emu run --stats` (and of any run with host pressure): instructions, exits by reason
/// (KVM's kvm_vcpu_stat names), GPA faults by path, retries, flushes, notifier calls and host events.
/// Written to stderr so the guest's UART output on stdout stays byte-exact.
/// </summary>
public static class RunSummary
{
    /// <summary>Guest exceptions by Cause.ExcCode under their KVM exit names (KVM_TRACE_EXIT_*).</summary>
    private static readonly (ExcCode Code, string Name)[] s_exceptionExits =
    [
        (ExcCode.Int, "int_exits"), (ExcCode.Mod, "tlbmod_exits (guest)"), (ExcCode.TlbL, "tlbmiss_ld_exits (guest)"),
        (ExcCode.TlbS, "tlbmiss_st_exits (guest)"), (ExcCode.AdEL, "addrerr_ld_exits"), (ExcCode.AdES, "addrerr_st_exits"),
        (ExcCode.Sys, "syscall_exits"), (ExcCode.Bp, "break_inst_exits"), (ExcCode.RI, "resvd_inst_exits"),
        (ExcCode.CpU, "cop_unusable_exits"), (ExcCode.Tr, "trap_inst_exits"), (ExcCode.Ov, "overflow"),
        (ExcCode.Ibe, "ibe"), (ExcCode.Dbe, "dbe"),
    ];

    public static void Print(Machine machine, StopReason reason)
    {
        // Plain lines first (stable, for scripts and the tracing tests), then tables for people.
        Console.Error.WriteLine($"emu: {reason}; {machine.InstructionsRetired} instructions; pc=0x{machine.Cpu.Pc:x8}");
        Console.Error.WriteLine(machine.Clock == Emu.Emulator.Timing.GuestClockSource.Host
            ? "emu:   clock host (guest time followed the host's clock; not reproducible)"
            : "emu:   clock insns (guest time from executed instructions; reproducible)");
        foreach (var cpu in machine.Cpus)
        {
            // Where a stuck guest waits: interrupt enables, pending lines, and the timer.
            Console.Error.WriteLine($"emu:   vcpu{cpu.CpuNum} status=0x{cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Status):x8} cause=0x{cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Cause):x8} count=0x{cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Count):x8} compare=0x{cpu.ReadCp0(Emu.Emulator.Cp0.Cp0Register.Compare):x8}");
        }
        foreach (var cpu in machine.Cpus)
        {
            for (var i = 0; i < cpu.ExceptionCounts.Length; i++)
            {
                if (cpu.ExceptionCounts[i] != 0)
                {
                    Console.Error.WriteLine($"emu:   exceptions {(ExcCode)i}: {cpu.ExceptionCounts[i]}" + (machine.Cpus.Count > 1 ? $" (vcpu{cpu.CpuNum})" : ""));
                }
            }
        }
        var stats = machine.Memories.Select(m => m.Stat).ToArray();
        Console.Error.WriteLine($"emu:   gpa-faults fast={stats.Sum(s => s.GpaFaultsFast)} slow={stats.Sum(s => s.GpaFaultsSlow)} " +
                                $"retries={stats.Sum(s => s.GpaFaultRetries)} mmio={stats.Sum(s => s.MmioExits)} host-fault={stats.Sum(s => s.HostFaultExits)}");
        Console.Error.WriteLine($"emu:   flushes={machine.Vm.Stat.FlushRequests} notifier-range-start={machine.Vm.Stat.NotifierInvalidateRangeStart} " +
                                $"wait={machine.Cpus.Sum(c => c.WaitExits)} cache={machine.Cpus.Sum(c => c.CacheExits)}");
        // Decoded code is a bounded cache per vCPU (CodeCache). Only guest-determined numbers here: under --clock
        // insns two runs of one guest print identical summaries (host figures such as RSS would break that).
        Console.Error.WriteLine($"emu:   decoded-pages={machine.Cpus.Sum(c => c.CodeCacheUsage.Pages)} " +
                                $"code-cache-evictions={machine.Cpus.Sum(c => c.CodeCacheUsage.Evictions)}");
        if (machine.Cpus.Select(c => c.ExecutionEngine).OfType<Emu.Emulator.Jit.JitEngine>().ToArray() is { Length: > 0 } jits)
        {
            // Translator figures that the guest and --jit-threshold determine (compile time is host time: not here).
            // The only line that differs between --jit on and off (differential tests drop it).
            var inRegions = jits.Sum(j => j.Stats.InstructionsInRegions);
            var interpreted = jits.Sum(j => j.Stats.InstructionsInterpreted);
            Console.Error.WriteLine($"emu:   jit regions={jits.Sum(j => j.Stats.RegionsCompiled)} instructions-compiled={jits.Sum(j => j.Stats.InstructionsCompiled)} " +
                                    $"invalidated={jits.Sum(j => j.Stats.RegionsInvalidated)} bailouts={jits.Sum(j => j.Stats.Bailouts)} chains={jits.Sum(j => j.Stats.Chains)} " +
                                    $"interpreted={interpreted} ({100.0 * interpreted / Math.Max(1, inRegions + interpreted):F2}%)" +
                                    (jits.Sum(j => j.Stats.CompileFailures) is var failures and > 0 ? $" compile-failures={failures}" : ""));
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });

        var exits = new Table().Title("exits by reason").AddColumn("reason");
        foreach (var cpu in machine.Cpus)
        {
            exits.AddColumn($"vcpu{cpu.CpuNum}", c => c.RightAligned());
        }
        foreach (var (code, name) in s_exceptionExits)
        {
            AddRow(exits, name, machine.Cpus.Select(c => c.ExceptionCounts[(int)code]));
        }
        AddRow(exits, "wait_exits", machine.Cpus.Select(c => c.WaitExits));
        AddRow(exits, "cache_exits", machine.Cpus.Select(c => c.CacheExits));
        AddRow(exits, "tlbmiss_ld_exits (host)", machine.Memories.Select(m => m.Stat.TlbmissLdExits));
        AddRow(exits, "tlbmiss_st_exits (host)", machine.Memories.Select(m => m.Stat.TlbmissStExits));
        AddRow(exits, "mmio_exits", machine.Memories.Select(m => m.Stat.MmioExits));
        AddRow(exits, "host_fault_exits", machine.Memories.Select(m => m.Stat.HostFaultExits));
        AddRow(exits, "remote flushes applied", machine.Cpus.Select(c => c.RemoteFlushesApplied));
        console.Write(exits);

        var mmu = new Table().Title("GPA faults").AddColumn("counter");
        foreach (var cpu in machine.Cpus)
        {
            mmu.AddColumn($"vcpu{cpu.CpuNum}", c => c.RightAligned());
        }
        AddRow(mmu, "fast path", machine.Memories.Select(m => m.Stat.GpaFaultsFast));
        AddRow(mmu, "slow path", machine.Memories.Select(m => m.Stat.GpaFaultsSlow));
        AddRow(mmu, "retries (notifier raced)", machine.Memories.Select(m => m.Stat.GpaFaultRetries));
        console.Write(mmu);

        var vm = machine.Vm.Stat;
        var vmTable = new Table().Title("VM and host").AddColumn("counter").AddColumn("value", c => c.RightAligned());
        void Row(string name, long value) => vmTable.AddRow(name, value.ToString("N0"));
        Row("flush requests", vm.FlushRequests);
        Row("remote_tlb_flush (waited for a vCPU)", vm.RemoteTlbFlush);
        Row("notifier invalidate_range_start", vm.NotifierInvalidateRangeStart);
        Row("notifier change_pte", vm.NotifierChangePte);
        Row("notifier clear_flush_young", vm.NotifierClearFlushYoung);
        Row("notifier clear_young", vm.NotifierClearYoung);
        Row("GPA PTEs zapped", vm.GpaPtesZapped);
        Row("GPA PTEs aged", vm.GpaPtesAged);
        var host = machine.HostMm.Stats;
        Row("host: KSM merges", host.KsmMerges);
        Row("host: COW snapshots", host.CowSnapshots);
        Row("host: COW/KSM breaks", host.FaultsCowBreak + host.FaultsKsmBreak);
        Row("host: swap-outs", host.SwapOuts);
        Row("host: swap-ins", host.FaultsSwapIn);
        Row("host: balloon pages inflated", host.BalloonInflatedPages);
        Row("host: aging passes", host.AgingPasses);
        Row("host: mprotect downgrades", host.MprotectDowngrades);
        Row("host: frames in use", machine.HostMm.FramesInUse);
        console.Write(vmTable);
        if (machine.Pressure is { } p)
        {
            console.WriteLine($"host pressure: seed {p.Seed}, {p.Operations:N0} operations");
        }
    }

    private static void AddRow(Table table, string name, IEnumerable<long> values) =>
        table.AddRow([name, .. values.Select(v => v.ToString("N0"))]);
}
