using System.CommandLine;
using System.Runtime.InteropServices;
using Emu.Emulator;
using Emu.Emulator.Boards.Boot;
using Emu.Emulator.Cpu;
using Emu.Emulator.Loaders;
using Emu.Emulator.Timing;

namespace Emu.Cli;

/// <summary>`emu run [ELF]`: boot an ELF (or the built-in demo guest) on the Malta board.</summary>
public static class RunCommand
{
    /// <summary>The largest initrd read: it must fit in guest RAM (256 MiB at most) anyway.</summary>
    private const long MaxInitrdBytes = 256L << 20;

    public static Command Create()
    {
        var command = new Command("run", "Boot a MIPS32 ELF (or a kernel with -kernel) on the emulated Malta board; the guest's UART is stdin/stdout");
        // A string, not a FileInfo: the file is checked by InputFile (empty name, FIFO, device, size), and a
        // word that looks like an option is an unknown option, not a file name.
        var elf = new Argument<string?>("elf")
        {
            Description = "MIPS32 ELF executable to boot (default: the built-in demo guest)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        elf.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.Tokens[0].Value is { Length: > 1 } word && word.StartsWith('-'))
            {
                r.AddError(Suggestions.Unknown(word, command));
            }
        });
        var endian = new Option<string?>("--endian")
        {
            Description = "Require this byte order (be|le); by default the ELF file decides",
        }.OneOf("be", "le");
        // QEMU's spelling (single dash) so users' habits carry over; the double-dash forms also work.
        var kernel = new Option<string?>("--kernel", "-kernel")
        {
            Description = "Boot this kernel ELF (e.g. a vmlinuz) with the YAMON boot protocol, as qemu -M malta -kernel does",
        };
        var initrd = new Option<string?>("--initrd", "-initrd")
        {
            Description = "Initial ramdisk for -kernel, loaded high in RAM and passed as rd_start=/rd_size=",
        };
        var append = new Option<string?>("--append", "-append")
        {
            Description = "Kernel command line for -kernel",
        };
        command.Arguments.Add(elf);
        command.Options.Add(endian);
        command.Options.Add(kernel);
        command.Options.Add(initrd);
        command.Options.Add(append);
        var shared = new MachineCliOptions();
        shared.AddTo(command);
        var clock = new ClockOption();
        clock.AddTo(command);
        command.SetAction(parse =>
        {
            var file = parse.GetValue(elf);
            bool? bigEndian = parse.GetValue(endian) switch { "be" => true, "le" => false, _ => null };
            if (shared.Read(parse, bigEndian, out var settings) is { } error)
            {
                return Fail(error);
            }
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
                    image = ElfLoader.Load(kernelFile, "kernel");
                    var rd = parse.GetValue(initrd) is { } rdPath ? InputFile.ReadAll(rdPath, MaxInitrdBytes, "initrd") : null;
                    kernelBoot = new KernelBoot(kernelFile, parse.GetValue(append) ?? "", rd);
                }
                else
                {
                    image = file is null ? EmbeddedGuests.Load("demo", bigEndian ?? true) : ElfLoader.Load(file) with { Name = file };
                }
            }
            catch (ElfLoadException e)
            {
                return Fail($"{Path.GetFileName(kernelFile ?? file ?? "demo")}: {e.Message}");
            }
            catch (InputFileException e)
            {
                return Fail(e.Message);
            }
            var machine = settings.Machine;
            if (clock.Apply(parse, kernelBoot is null ? GuestClockSource.Instructions : GuestClockSource.Host, ref machine) is { } clockError)
            {
                return Fail(clockError);
            }
            return Run(image, kernelBoot, settings with { Machine = machine });
        });
        return command;
    }

    /// <param name="endStatus">
    /// Clears a status line on stderr: called at the first console byte and again when the run ends (so it must
    /// be idempotent), before anything else is written.
    /// </param>
    internal static int Run(ElfImage image, KernelBoot? kernelBoot, MachineRunSettings settings, Action? endStatus = null)
    {
        var (options, limitOrNull, stats, traceExceptions, gdbOptions) = settings;
        var limit = limitOrNull ?? long.MaxValue;
        // Snapshots, --record and --replay (ReplaySetup.cs): a replay fixes the RTC time and refuses other images.
        using var replay = ReplaySetup.Prepare(settings.Replay, image, kernelBoot, gdbOptions is not null, ref options, out var replayError);
        if (replay is null)
        {
            endStatus?.Invoke();
            return Fail(replayError!);
        }
        if (replay.ReplayLimit is { } replayEnd && gdbOptions is null)
        {
            limit = Math.Min(limit, replayEnd);
        }
        using var sink = new ConsoleSink(StdoutStream.Open(), ticked: true);
        // SIGTERM from here on ends the run like a stop request, so the terminal is restored and the machine
        // disposed; listening starts before the machine exists so that no moment falls between.
        using var sigterm = TerminationSignal.Listen();
        Machine machine;
        try
        {
            var first = endStatus;
            var withConsole = options with
            {
                ConsoleTick = sink.Tick,
                ConsoleOut = first is null ? sink.Write : b =>
                {
                    if (first is { } f)
                    {
                        first = null;
                        f();
                    }
                    sink.Write(b);
                },
            };
            machine = kernelBoot is null ? Machine.FromElf(image, withConsole) : Machine.FromKernel(image, kernelBoot, withConsole);
        }
        catch (ElfLoadException e)
        {
            endStatus?.Invoke();
            return Fail(e.Message);
        }
        using (machine)
        {
            var control = gdbOptions is null ? new RunControl(machine) : null;
            var quit = false;
            var interrupted = false;
            void Quit()
            {
                quit = true;
                if (control is null)
                {
                    machine.RequestStop();
                }
                else
                {
                    control.End();
                }
            }
            foreach (var cpu in machine.Cpus)
            {
                var left = traceExceptions;
                if (left > 0)
                {
                    cpu.ExceptionObserver = (code, pc, badVAddr) =>
                    {
                        if (left-- > 0)
                        {
                            Console.Error.WriteLine($"emu: vcpu{cpu.CpuNum} exception {code} at pc=0x{pc:x8} badvaddr=0x{badVAddr:x8} insns={cpu.InstructionsRetired} inst={FaultingInstruction(cpu, pc)}");
                        }
                    };
                }
            }
            // SIGINT (kill -INT; on a raw terminal Ctrl-C is the guest's) and SIGHUP end the run in order (130), as
            // SIGTERM does (143, TerminationSignal), so the terminal is restored on the way out. Under the gdb stub
            // GdbRun owns SIGINT, and SIGHUP keeps its default (process exit, where RawTerminal's exit hook
            // restores the terminal).
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                interrupted = true;
                control!.End();
            }
            using var sighup = control is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            using var sigint = control is null ? null : PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            sigterm.OnReceived(control is null ? machine.RequestStop : control.End);
            using var raw = RawTerminal.TryEnter();
            // Input starts once the terminal is raw, so no key is taken in line mode.
            var deliver = replay.Attach(machine);
            var monitor = new ConsoleMonitor(machine, control, sink, Quit) { Snapshots = replay.Store };
            new ConsoleInput(machine.Board.Uart0, sink, monitor, Quit) { Deliver = deliver }.Start();
            StopReason reason;
            if (sigterm.Received)
            {
                reason = StopReason.StopRequested;
            }
            else if (control is not null)
            {
                reason = control.Run(limit);
            }
            else if (GdbRun.Run(machine, gdbOptions!, limit, replay) is { } r)
            {
                reason = r;
            }
            else
            {
                endStatus?.Invoke();
                return ExitCodes.BadInput; // the stub could not listen (port in use, no such device)
            }
            endStatus?.Invoke();
            sink.Flush();
            if (stats)
            {
                RunSummary.Print(machine, reason);
                replay.PrintSummary(machine);
            }
            var code = reason switch
            {
                _ when sigterm.Received => Note(ExitCodes.Terminated, "\nemu: terminated (SIGTERM)"),
                StopReason.Halted => ExitCodes.Halted,
                StopReason.InstructionLimit => Note(ExitCodes.InstructionLimit, $"emu: instruction limit reached ({machine.Cpu.InstructionsRetired} instructions, pc=0x{machine.Cpu.Pc:x8})"),
                StopReason.WaitingForInterrupt => Note(ExitCodes.InstructionLimit, $"emu: guest is in WAIT with no timer to wake it; stopping the bounded run ({machine.Cpu.InstructionsRetired} instructions, pc=0x{machine.Cpu.Pc:x8})"),
                // Ctrl-A x and the monitor's quit end the session like QEMU's: a normal exit.
                _ when quit => Note(ExitCodes.Halted, "\nemu: terminated (Ctrl-A x)"),
                _ => Note(interrupted ? ExitCodes.Interrupted : ExitCodes.HostError, "emu: stopped"),
            };
            return replay.Finish(machine, code, debugged: gdbOptions is not null);
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

    /// <summary>
    /// The instruction at the exception's PC for --trace-exceptions, "WORD mnemonic operands" in objdump syntax (from
    /// the instruction table), or "?" when the PC itself cannot be read (a fetch fault). Runs on the vCPU thread.
    /// </summary>
    private static string FaultingInstruction(Emu.Emulator.Cpu.Mips32Cpu cpu, uint pc)
    {
        Span<byte> b = stackalloc byte[4];
        if (cpu.ReadMemory(pc, b, physical: false) != 4)
        {
            return "?";
        }
        var word = cpu.BigEndian
            ? (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
            : (uint)(b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]);
        return $"{word:x8} {Emu.Emulator.Decoder.Syntax.Disassembler.Disassemble(word, pc)}";
    }
}
