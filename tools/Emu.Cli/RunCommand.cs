using System.CommandLine;
using Emu.Emulator;
using Emu.Emulator.Boards.Boot;
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
        var machineType = new Option<string>("-M", "--machine")
        {
            Description = "Board (QEMU's -M); Emu has one: malta",
            DefaultValueFactory = _ => "malta",
        };
        machineType.AcceptOnlyFromAmong("malta");
        var cpuModel = new Option<string>("-cpu", "--cpu")
        {
            Description = "CPU model (QEMU's -cpu): 24Kf (with FPU, QEMU's Malta default) or 24Kc (no FPU)",
            DefaultValueFactory = _ => "24Kf",
        };
        cpuModel.AcceptOnlyFromAmong("24Kf", "24Kc");
        var nographic = new Option<bool>("-nographic", "--nographic")
        {
            Description = "Accepted for QEMU habits: the guest console is always stdin/stdout",
        };
        var noReboot = new Option<bool>("-no-reboot", "--no-reboot")
        {
            Description = "A guest reboot (Malta SOFTRES) ends emu with status 0 instead of resetting the board; always so for a bare ELF",
        };
        var traceExceptions = new Option<int>("--trace-exceptions")
        {
            Description = "Print the first N guest exceptions (code, pc, BadVAddr) to stderr: where an unimplemented encoding raises RI",
        };
        // QEMU's spelling (single dash) so users' habits carry over; the double-dash forms also work.
        var kernel = new Option<FileInfo?>("-kernel", "--kernel")
        {
            Description = "Boot this kernel ELF (e.g. a vmlinuz) with the YAMON boot protocol, as qemu -M malta -kernel does",
        };
        var initrd = new Option<FileInfo?>("-initrd", "--initrd")
        {
            Description = "Initial ramdisk for -kernel, loaded high in RAM and passed as rd_start=/rd_size=",
        };
        var append = new Option<string?>("-append", "--append")
        {
            Description = "Kernel command line for -kernel",
        };

        var command = new Command("run", "Boot a MIPS32 ELF (or a kernel with -kernel) on the emulated Malta board; the guest's UART is stdin/stdout")
        {
            elf, memory, maxInsns, endian, tlb, stats, kernel, initrd, append, machineType, cpuModel, nographic, noReboot, traceExceptions,
            gdb, gdbDefault, gdbWait, gdbOnDetach,
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
            var kernelFile = parse.GetValue(kernel);
            if (kernelFile is not null && file is not null)
            {
                return Fail("give either an ELF argument or -kernel, not both");
            }
            if (kernelFile is null && (parse.GetValue(initrd) is not null || parse.GetValue(append) is not null))
            {
                return Fail("-initrd and -append need -kernel");
            }
            ElfImage image;
            KernelBoot? kernelBoot = null;
            try
            {
                if (kernelFile is not null)
                {
                    image = ElfLoader.Load(kernelFile.FullName);
                    var rd = parse.GetValue(initrd);
                    kernelBoot = new KernelBoot(kernelFile.ToString(), parse.GetValue(append) ?? "", rd is null ? null : File.ReadAllBytes(rd.FullName));
                }
                else
                {
                    image = file is null ? EmbeddedGuests.Load("demo", bigEndian ?? true) : ElfLoader.Load(file.FullName);
                }
            }
            catch (ElfLoadException e)
            {
                return Fail($"{kernelFile?.Name ?? file?.Name ?? "demo"}: {e.Message}");
            }
            catch (IOException e)
            {
                return Fail(e.Message);
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
                Cpu = CpuModels.TryParse(parse.GetValue(cpuModel) ?? "24Kf", out var model) ? model : CpuModel.Mips24Kf,
                BigEndian = bigEndian,
                Vcpus = vcpus,
                HostPressure = pressure,
                RebootResets = parse.GetValue(noReboot) ? false : null,
            };
            return Run(image, kernelBoot, options, limit ?? long.MaxValue, parse.GetValue(stats) || pressure is not null, parse.GetValue(traceExceptions), gdbOptions);
        });
        return command;
    }

    internal static int Run(ElfImage image, KernelBoot? kernelBoot, MachineOptions options, long limit, bool stats, int traceExceptions, GdbOptions? gdbOptions = null)
    {
        using var sink = new ConsoleSink(Console.OpenStandardOutput());
        Machine machine;
        try
        {
            var withConsole = options with { ConsoleOut = sink.Write };
            machine = kernelBoot is null ? Machine.FromElf(image, withConsole) : Machine.FromKernel(image, kernelBoot, withConsole);
        }
        catch (ElfLoadException e)
        {
            return Fail(e.Message);
        }
        using (machine)
        {
            var quit = false;
            StdinPump.Start(machine.Board.Uart0, () =>
            {
                quit = true;
                machine.RequestStop();
            });
            using var raw = RawTerminal.TryEnter();
            foreach (var cpu in machine.Cpus)
            {
                var left = traceExceptions;
                if (left > 0)
                {
                    cpu.ExceptionObserver = (code, pc, badVAddr) =>
                    {
                        if (left-- > 0)
                        {
                            Console.Error.WriteLine($"emu: vcpu{cpu.CpuNum} exception {code} at pc=0x{pc:x8} badvaddr=0x{badVAddr:x8} insns={cpu.InstructionsRetired}");
                        }
                    };
                }
            }
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
                    // Ctrl-A x ends the session like QEMU's: a normal exit.
                    _ when quit => Note(ExitCodes.Halted, "\r\nemu: terminated (Ctrl-A x)"),
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
