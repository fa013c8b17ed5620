using System.CommandLine;
using Emu.Emulator;
using Emu.Emulator.Cpu;
using Emu.GdbStub.Transport;

namespace Emu.Cli;

/// <summary>What the shared options of `emu run` and `emu boot-debian` ask for.</summary>
public sealed record MachineRunSettings(MachineOptions Machine, long? InstructionLimit, bool Stats, int TraceExceptions, GdbOptions? Gdb)
{
    /// <summary>Snapshots, recording and replay (<see cref="ReplayCliOptions"/>).</summary>
    public ReplaySettings Replay { get; init; } = ReplaySettings.None;
}

/// <summary>
/// The machine, pressure and debugger options that `emu run` and `emu boot-debian` share, defined once.
/// Where QEMU has a spelling for the same thing, it is accepted too (single dash: -m, -M, -smp, -gdb, -s, -S,
/// -no-reboot, -nographic, -serial stdio), so a qemu-system-mips command line carries over.
/// </summary>
public sealed class MachineCliOptions
{
    public Option<string?> Memory { get; } = new Option<string?>("--memory", "-m")
    {
        Description = "Guest RAM in MiB, 1..256 (QEMU's 256M spelling works too)",
        DefaultValueFactory = _ => "256",
    }.MebiBytes();

    public Option<string> MachineType { get; } = new Option<string>("--machine", "-M")
    {
        Description = "Board (QEMU's -M); Emu has one: malta",
        DefaultValueFactory = _ => "malta",
    }.OneOf("malta");

    public Option<string?> TlbEntries { get; } = new Option<string?>("--tlb-entries")
    {
        Description = "Guest TLB entries (1..64)",
        DefaultValueFactory = _ => "16",
    }.WholeNumber(int.MinValue, int.MaxValue);

    public Option<string?> MaxInsns { get; } = new Option<string?>("--max-insns")
    {
        Description = "Stop after this many guest instructions (exit code 3)",
    }.WholeNumber(long.MinValue, long.MaxValue);

    public Option<string?> Stats { get; } = new Option<string?>("--stats")
    {
        Description = "At exit, print on stderr why the run stopped, instructions retired, each vCPU's Status/Cause/Count/Compare, " +
                      "guest exceptions by cause, exits by KVM reason per vCPU, GPA faults by path, retries, flushes, " +
                      "MMU-notifier calls and host memory events (implied by --host-pressure)",
    }.Flag();

    public Option<string?> TraceExceptions { get; } = new Option<string?>("--trace-exceptions")
    {
        Description = "Print the first N guest exceptions (code, pc, BadVAddr, the instruction disassembled) to stderr: where an unimplemented encoding raises RI",
    }.WholeNumber(int.MinValue, int.MaxValue);

    public Option<string?> NoGraphic { get; } = new Option<string?>("--nographic", "-nographic")
    {
        Description = "Accepted for QEMU habits: the guest console is always stdin/stdout",
    }.Flag();

    public Option<string?> Serial { get; } = new Option<string?>("--serial", "-serial")
    {
        Description = "Accepted for QEMU habits: stdio (or mon:stdio), which is what emu always does with COM1",
    }.OneOf("stdio", "mon:stdio");

    public Option<string> CpuModel { get; } = new Option<string>("-cpu", "--cpu")
    {
        Description = "CPU model (QEMU's -cpu): 24Kf (with FPU, QEMU's Malta default) or 24Kc (no FPU)",
        DefaultValueFactory = _ => "24Kf",
    }.OneOf("24Kf", "24Kc");

    public Option<string?> NoReboot { get; } = new Option<string?>("--no-reboot", "-no-reboot")
    {
        Description = "A guest reboot (Malta SOFTRES) ends emu with status 0 instead of resetting the board; always so for a bare ELF",
    }.Flag();

    public Option<string?> Gdb { get; } = new("--gdb", "-gdb")
    {
        Description = "Serve a gdb remote stub: tcp::PORT (127.0.0.1), tcp:ADDR:PORT or serial:DEVICE[,BAUD]",
    };

    public Option<string?> GdbDefault { get; } = new Option<string?>("-s")
    {
        Description = "Shorthand for --gdb tcp::1234 (as qemu -s)",
    }.Flag();

    public Option<string?> GdbWait { get; } = new Option<string?>("--gdb-wait", "-S")
    {
        Description = "Start with the vCPUs stopped until a debugger continues them (as qemu -S; implies -s unless --gdb is given)",
    }.Flag();

    public Option<string> GdbOnDetach { get; } = new Option<string>("--gdb-on-detach")
    {
        Description = "What the guest does when the debugger detaches (RSP D): run (as qemu) or stop; a disconnect without detach never changes whether it runs",
        DefaultValueFactory = _ => "run",
    }.OneOf("run", "stop");

    public Option<string?> GdbIdleTimeout { get; } = new Option<string?>("--gdb-idle-timeout")
    {
        Description = "Seconds a TCP client may stay connected without sending a packet before it is dropped (frees the debugger slot)",
        DefaultValueFactory = _ => "5",
    }.Decimal();

    /// <summary>--jit and --jit-threshold (also used by `emu bench`).</summary>
    public JitCliOptions Jit { get; } = new();

    /// <summary>--smp and the host-pressure options (also used by `emu bench`).</summary>
    public MmuOptions Mmu { get; } = new();

    /// <summary>--snapshot-every, --snapshot-mem, --record, --replay.</summary>
    public ReplayCliOptions Replay { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { Memory, MachineType, CpuModel, TlbEntries, MaxInsns, Stats, TraceExceptions, NoGraphic, Serial, NoReboot })
        {
            command.Options.Add(o);
        }
        Mmu.AddTo(command);
        Replay.AddTo(command);
        Jit.AddTo(command);
        foreach (var o in new Option[] { Gdb, GdbDefault, GdbWait, GdbOnDetach, GdbIdleTimeout })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>Reads and checks the options; an error message (one line) or null.</summary>
    public string? Read(ParseResult parse, bool? bigEndian, out MachineRunSettings settings)
    {
        settings = null!;
        if (Mmu.Read(parse, out var vcpus, out var pressure) is { } mmuError)
        {
            return mmuError;
        }
        if (Jit.Read(parse, out var jit) is { } jitError)
        {
            return jitError;
        }
        var mem = parse.GetMebiBytes(Memory);
        if (mem is < 1 or > 256)
        {
            return "--memory must be between 1 and 256 (MiB)";
        }
        var tlbEntries = (int)parse.GetWholeNumber(TlbEntries)!.Value;
        if (tlbEntries is < 1 or > 64)
        {
            return "--tlb-entries must be between 1 and 64";
        }
        var limit = parse.GetWholeNumber(MaxInsns);
        if (limit is <= 0)
        {
            return "--max-insns must be positive";
        }
        var trace = (int)(parse.GetWholeNumber(TraceExceptions) ?? 0);
        if (trace < 0)
        {
            return "--trace-exceptions must be zero or positive";
        }
        var gdbSpec = parse.GetValue(Gdb) ?? (parse.GetFlag(GdbDefault) || parse.GetFlag(GdbWait) ? "tcp::1234" : null);
        GdbOptions? gdb = null;
        if (gdbSpec is not null)
        {
            if (limit is not null)
            {
                return "--max-insns cannot be combined with a gdb stub";
            }
            var idle = parse.GetDecimal(GdbIdleTimeout);
            if (!(idle > 0 && idle <= 86400))
            {
                return "--gdb-idle-timeout must be a number of seconds above 0 (at most 86400)";
            }
            try
            {
                gdb = new GdbOptions(GdbEndpoint.Parse(gdbSpec), parse.GetFlag(GdbWait), parse.GetValue(GdbOnDetach) == "run")
                {
                    IdleTimeout = TimeSpan.FromSeconds(idle),
                };
            }
            catch (FormatException e)
            {
                return e.Message;
            }
        }
        if (Replay.Read(parse, vcpus, gdb is not null, out var replay) is { } replayError)
        {
            return replayError;
        }
        var options = new MachineOptions
        {
            RamSize = mem << 20,
            TlbEntries = tlbEntries,
            Cpu = CpuModels.TryParse(parse.GetValue(CpuModel) ?? "24Kf", out var model) ? model : Emu.Emulator.Cpu.CpuModel.Mips24Kf,
            BigEndian = bigEndian,
            Vcpus = vcpus,
            HostPressure = pressure,
            RebootResets = parse.GetFlag(NoReboot) ? false : null,
            Jit = jit,
        };
        settings = new MachineRunSettings(options, limit, parse.GetFlag(Stats) || pressure is not null, trace, gdb) { Replay = replay };
        return null;
    }
}
