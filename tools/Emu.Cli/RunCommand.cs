using System.CommandLine;
using Emu.Emulator;
using Emu.Emulator.Cpu;
using Emu.Emulator.Loaders;
using Emu.GdbStub.Transport;

namespace Emu.Cli;

/// <summary>`emu run [ELF]`: boot an ELF (or the built-in demo guest) on the Malta board.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var elf = new Argument<FileInfo?>("elf")
        {
            Description = "MIPS32 ELF executable to boot (default: the built-in demo guest)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var memory = new Option<uint>("--memory", "-m")
        {
            Description = "Guest RAM in MiB (1..256)",
            DefaultValueFactory = _ => 256,
        };
        var maxInsns = new Option<long?>("--max-insns")
        {
            Description = "Stop after this many guest instructions (exit code 3)",
        };
        var endian = new Option<string?>("--endian")
        {
            Description = "Require this byte order (be|le); by default the ELF file decides",
        };
        endian.AcceptOnlyFromAmong("be", "le");
        var tlb = new Option<int>("--tlb-entries")
        {
            Description = "Guest TLB entries (1..64)",
            DefaultValueFactory = _ => 16,
        };
        var stats = new Option<bool>("--stats")
        {
            Description = "Print instruction and exception counts to stderr at exit",
        };

        var gdb = new Option<string?>("--gdb")
        {
            Description = "Serve a gdb remote stub: tcp::PORT (127.0.0.1), tcp:ADDR:PORT or serial:DEVICE[,BAUD]",
        };
        var gdbDefault = new Option<bool>("-s")
        {
            Description = "Shorthand for --gdb tcp::1234 (as qemu -s)",
        };
        var gdbWait = new Option<bool>("--gdb-wait", "-S")
        {
            Description = "Start with the vCPUs stopped until a debugger continues them (as qemu -S; implies -s unless --gdb is given)",
        };
        var gdbOnDetach = new Option<string>("--gdb-on-detach")
        {
            Description = "What the guest does when the debugger detaches or disconnects: run (as qemu) or stop",
            DefaultValueFactory = _ => "run",
        };
        gdbOnDetach.AcceptOnlyFromAmong("run", "stop");
        var command = new Command("run", "Boot a MIPS32 ELF on the emulated Malta board; the guest's UART is stdin/stdout")
        {
            elf, memory, maxInsns, endian, tlb, stats, gdb, gdbDefault, gdbWait, gdbOnDetach,
        };
        var mmu = new MmuOptions();
        mmu.AddTo(command);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(elf);
            if (mmu.Read(parse, out var vcpus, out var pressure) is { } mmuError)
            {
                return Fail(mmuError);
            }
            var mem = parse.GetValue(memory);
            if (mem is < 1 or > 256)
            {
                return Fail("--memory must be between 1 and 256 (MiB)");
            }
            var tlbEntries = parse.GetValue(tlb);
            if (tlbEntries is < 1 or > 64)
            {
                return Fail("--tlb-entries must be between 1 and 64");
            }
            var limit = parse.GetValue(maxInsns);
            if (limit is <= 0)
            {
                return Fail("--max-insns must be positive");
            }
            bool? bigEndian = parse.GetValue(endian) switch { "be" => true, "le" => false, _ => null };
            ElfImage image;
            try
            {
                image = file is null ? EmbeddedGuests.Load("demo", bigEndian ?? true) : ElfLoader.Load(file.FullName);
            }
            catch (ElfLoadException e)
            {
                return Fail($"{file?.Name ?? "demo"}: {e.Message}");
            }
            var gdbSpec = parse.GetValue(gdb) ?? (parse.GetValue(gdbDefault) || parse.GetValue(gdbWait) ? "tcp::1234" : null);
            GdbOptions? gdbOptions = null;
            if (gdbSpec is not null)
            {
                if (limit is not null)
                {
                    return Fail("--max-insns cannot be combined with a gdb stub");
                }
                try
                {
                    gdbOptions = new GdbOptions(GdbEndpoint.Parse(gdbSpec), parse.GetValue(gdbWait), parse.GetValue(gdbOnDetach) == "run");
                }
                catch (FormatException e)
                {
                    return Fail(e.Message);
                }
            }
            var options = new MachineOptions
            {
                RamSize = (uint)mem << 20,
                TlbEntries = tlbEntries,
                BigEndian = bigEndian,
                Vcpus = vcpus,
                HostPressure = pressure,
            };
            return Run(image, options, limit ?? long.MaxValue, parse.GetValue(stats) || pressure is not null, gdbOptions);
        });
        return command;
    }

    private static int Run(ElfImage image, MachineOptions options, long limit, bool stats, GdbOptions? gdbOptions)
    {
        using var sink = new ConsoleSink(Console.OpenStandardOutput());
        Machine machine;
        try
        {
            machine = Machine.FromElf(image, options with { ConsoleOut = sink.Write });
        }
        catch (ElfLoadException e)
        {
            return Fail(e.Message);
        }
        using (machine)
        {
            StdinPump.Start(machine.Board.Uart0);
            var interrupted = false;
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                interrupted = true;
                machine.RequestStop();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                StopReason reason;
                if (gdbOptions is null)
                {
                    reason = machine.Run(limit);
                }
                else if (GdbRun.Run(machine, gdbOptions) is { } r)
                {
                    reason = r;
                }
                else
                {
                    return ExitCodes.BadInput; // the stub could not listen (port in use, no such device)
                }
                sink.Flush();
                if (stats)
                {
                    RunSummary.Print(machine, reason);
                }
                return reason switch
                {
                    StopReason.Halted => ExitCodes.Halted,
                    StopReason.InstructionLimit => Note(ExitCodes.InstructionLimit, $"emu: instruction limit reached ({machine.Cpu.InstructionsRetired} instructions, pc=0x{machine.Cpu.Pc:x8})"),
                    StopReason.WaitingForInterrupt => Note(ExitCodes.InstructionLimit, $"emu: guest is in WAIT with no timer to wake it; stopping the bounded run ({machine.Cpu.InstructionsRetired} instructions, pc=0x{machine.Cpu.Pc:x8})"),
                    _ => Note(interrupted ? ExitCodes.Interrupted : ExitCodes.HostError, "emu: stopped"),
                };
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    private static int Note(int code, string message)
    {
        Console.Error.WriteLine(message);
        return code;
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine($"emu: error: {message}");
        return ExitCodes.BadInput;
    }
}
