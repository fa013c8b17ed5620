using System.Text;
using Emu.Emulator;
using Emu.Emulator.Cp0;
using Emu.Emulator.Cpu;

namespace Emu.Cli;

/// <summary>
/// The console monitor reached with Ctrl-A c, after QEMU's human monitor (monitor/hmp-cmds.c): a "(emu)"
/// prompt with its own line editing (the terminal is raw), and the commands <c>info registers</c>,
/// <c>info status</c>, <c>system_reset</c>, <c>stop</c>, <c>cont</c>, <c>quit</c>, <c>help</c>, and the snapshot commands
/// (<c>snapshot save|load|list|delete NAME</c>, QEMU's <c>savevm</c>/<c>loadvm</c>/<c>delvm</c>/<c>info snapshots</c>).
/// Without a <see cref="RunControl"/> (a run under the gdb stub, which owns stopping) only help, info status and
/// quit act.
/// </summary>
public sealed class ConsoleMonitor(Machine machine, RunControl? control, ConsoleSink output, Action quit)
{
    private const string Prompt = "(emu) ";

    /// <summary>The machine's snapshots (snapshot save|load|list|delete, savevm/loadvm/delvm, info snapshots); null: none.</summary>
    public Emu.Emulator.Snapshot.SnapshotStore? Snapshots { get; init; }

    // Line being typed: touched only by the console input thread.
    private readonly StringBuilder _line = new();
    private bool _greeted;

    /// <summary>Focus moved to the monitor: greet once (as QEMU does), then show the prompt.</summary>
    public void Enter()
    {
        var greeting = _greeted ? "\n" : "\nemu monitor - type 'help' for more information\n";
        _greeted = true;
        _line.Clear();
        output.WriteText(greeting + Prompt);
    }

    /// <summary>One typed byte; false when the command ended the session (quit).</summary>
    public bool Feed(byte b)
    {
        switch (b)
        {
            case (byte)'\r' or (byte)'\n':
                output.WriteText("\n");
                var command = _line.ToString().Trim();
                _line.Clear();
                if (!Execute(command))
                {
                    return false;
                }
                output.WriteText(Prompt);
                return true;
            case 0x7f or 0x08:
                if (_line.Length > 0)
                {
                    _line.Length--;
                    output.WriteText("\b \b");
                }
                return true;
            case 0x03: // Ctrl-C drops the line, as readline does
                _line.Clear();
                output.WriteText("^C\n" + Prompt);
                return true;
            case >= 0x20 and < 0x7f:
                _line.Append((char)b);
                output.WriteText(((char)b).ToString());
                return true;
            default:
                return true; // other control bytes and escape sequences are not line editing we offer
        }
    }

    /// <summary>Runs one command line; false when it ends the session.</summary>
    public bool Execute(string command)
    {
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case []:
                return true;
            case ["help" or "?", ..]:
                output.WriteText(Help);
                return true;
            case ["quit" or "q", ..]:
                quit();
                return false;
            case ["info", "status", ..]:
                output.WriteText($"VM status: {(control is null ? "under the gdb stub" : control.Paused ? "paused" : "running")}; clock {ClockName(machine)}\n");
                return true;
            case ["info", "registers" or "r", ..]:
                WithVcpusStopped(() => output.WriteText(string.Concat(machine.Cpus.Select(DescribeRegisters))));
                return true;
            case ["info", "snapshots", ..]:
                Snapshot("list", "");
                return true;
            case ["info", ..]:
                output.WriteText("info registers | info status | info snapshots\n");
                return true;
            case ["snapshot", var verb, ..]:
                Snapshot(verb, string.Join(' ', words.Skip(2)));
                return true;
            case ["savevm" or "loadvm" or "delvm", ..]:
                Snapshot(words[0] switch { "savevm" => "save", "loadvm" => "load", _ => "delete" }, string.Join(' ', words.Skip(1)));
                return true;
            case ["stop", ..]:
                if (RequireControl() is { } c && !c.Pause())
                {
                    output.WriteText("the machine has stopped\n");
                }
                return true;
            case ["cont" or "c", ..]:
                RequireControl()?.Resume();
                return true;
            case ["system_reset", ..]:
                // The board reset a guest reboot does (Machine.ResetBoard, as the gdb stub's monitor
                // system_reset), with the vCPUs paused around it; a running machine runs on from the reset vector.
                WithVcpusStopped(machine.ResetBoard);
                return true;
            default:
                output.WriteText($"unknown command: '{words[0]}' (try 'help')\n");
                return true;
        }
    }

    /// <summary>A snapshot command with the vCPUs paused around it (a running machine runs on from the loaded state).</summary>
    private void Snapshot(string verb, string arguments)
    {
        if (Snapshots is not { } store)
        {
            output.WriteText("snapshots are not available here\n");
            return;
        }
        WithVcpusStopped(() =>
        {
            var text = new StringWriter();
            new Emu.Emulator.Snapshot.SnapshotMonitor(store).Execute(verb, arguments, text);
            output.WriteText(text.ToString());
        });
    }

    public static string Help =>
        "cont|c                -- resume emulation\n" +
        "help|? [cmd]          -- show this help\n" +
        "info registers        -- show the vCPUs' registers (the vCPUs pause while they are read)\n" +
        "info status           -- show the machine's state and clock\n" +
        "quit|q                -- quit emu\n" +
        "snapshot save|load|list|delete NAME -- whole-machine snapshots (savevm/loadvm/delvm NAME, info snapshots)\n" +
        "stop                  -- stop emulation\n" +
        "system_reset          -- reset the system, as the guest's reboot does\n";

    public static string ClockName(Machine machine) =>
        machine.Clock == Emu.Emulator.Timing.GuestClockSource.Host ? "host" : "insns";

    private RunControl? RequireControl()
    {
        if (control is null)
        {
            output.WriteText("the gdb stub controls the vCPUs here: use the debugger\n");
        }
        return control;
    }

    /// <summary>Runs <paramref name="read"/> with no vCPU in guest code, pausing and resuming a running machine.</summary>
    private void WithVcpusStopped(Action read)
    {
        if (RequireControl() is not { } c)
        {
            return;
        }
        var wasPaused = c.Paused;
        if (!wasPaused && !c.Pause())
        {
            output.WriteText("the machine has stopped\n");
            return;
        }
        try
        {
            read();
        }
        finally
        {
            if (!wasPaused)
            {
                c.Resume();
            }
        }
    }

    /// <summary>QEMU's mips_cpu_dump_state layout: pc/hi/lo, the 32 GPRs four to a line, then key CP0 registers.</summary>
    private static string DescribeRegisters(Mips32Cpu cpu)
    {
        string[] names =
        [
            "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7",
            "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "s8", "ra",
        ];
        var sb = new StringBuilder();
        sb.Append($"vcpu{cpu.CpuNum} pc=0x{cpu.Pc:x8} HI=0x{cpu.Hi:x8} LO=0x{cpu.Lo:x8} ds={(cpu.InDelaySlot ? 1 : 0)}\n");
        for (var i = 0; i < 32; i++)
        {
            sb.Append($"GPR{i:d2}: {names[i],-4} {cpu.GetGpr(i):x8}{(i % 4 == 3 ? "\n" : " ")}");
        }
        sb.Append($"CP0 Status 0x{cpu.ReadCp0(Cp0Register.Status):x8} Cause 0x{cpu.ReadCp0(Cp0Register.Cause):x8} EPC 0x{cpu.ReadCp0(Cp0Register.Epc):x8}\n");
        sb.Append($"    BadVAddr 0x{cpu.ReadCp0(Cp0Register.BadVAddr):x8} Count 0x{cpu.ReadCp0(Cp0Register.Count):x8} Compare 0x{cpu.ReadCp0(Cp0Register.Compare):x8}\n");
        return sb.ToString();
    }
}
