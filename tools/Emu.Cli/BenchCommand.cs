using System.CommandLine;
using System.Diagnostics;
using Emu.Emulator;
using Emu.Emulator.Cpu;
using Emu.Emulator.Jit;
using Spectre.Console;

namespace Emu.Cli;

/// <summary>
/// `emu bench`: runs the built-in CPU-bound guests (tools/guest/bench-*) and prints guest MIPS
/// (millions of guest instructions retired per host second). A measurement, never a test.
/// </summary>
public static class BenchCommand
{
    private static readonly string[] s_workloads = ["int", "memcpy", "call"];

    public static Command Create()
    {
        var workload = new Option<string>("--workload", "-w")
        {
            Description = "Which guest loop: int, memcpy, call or all",
            DefaultValueFactory = _ => "all",
        }.OneOf([.. s_workloads, "all"]);
        var endian = new Option<string>("--endian")
        {
            Description = "Guest byte order (be|le)",
            DefaultValueFactory = _ => "be",
        }.OneOf("be", "le");
        var repeat = new Option<string?>("--repeat", "-r")
        {
            Description = "Runs per workload; the best is reported",
            DefaultValueFactory = _ => "3",
        }.WholeNumber(int.MinValue, int.MaxValue);
        var command = new Command("bench", "Measure interpreter speed in guest MIPS on built-in CPU-bound guests")
        {
            workload, endian, repeat,
        };
        var mmu = new MmuOptions();
        mmu.AddTo(command, withSmp: false);
        var jitOptions = new JitCliOptions();
        jitOptions.AddTo(command);
        command.SetAction(parse =>
        {
            if (mmu.Read(parse, out _, out var pressure) is { } mmuError)
            {
                return RunCommand.Fail(mmuError);
            }
            if (jitOptions.Read(parse, out var jit) is { } jitError)
            {
                return RunCommand.Fail(jitError);
            }
            var which = parse.GetValue(workload)!;
            var bigEndian = parse.GetValue(endian) == "be";
            var runs = (int)parse.GetWholeNumber(repeat)!.Value;
            if (runs is < 1 or > 100)
            {
                return RunCommand.Fail("--repeat must be between 1 and 100");
            }
            var table = new Table().AddColumns("workload", "endian", "guest instructions", "seconds", "guest MIPS");
            foreach (var name in which == "all" ? s_workloads : [which])
            {
                var (insns, seconds) = Measure($"bench-{name}", bigEndian, runs, pressure, jit);
                table.AddRow(name, bigEndian ? "be" : "le", insns.ToString("N0"), seconds.ToString("F3"), (insns / seconds / 1e6).ToString("F1"));
            }
            AnsiConsole.Write(table);
            if (pressure is not null)
            {
                AnsiConsole.WriteLine($"with host pressure: {pressure.Kinds}, {pressure.Rate} operations/s");
            }
            return ExitCodes.Halted;
        });
        return command;
    }

    private static (long Instructions, double Seconds) Measure(string guest, bool bigEndian, int runs, MachinePressure? pressure, JitOptions? jit)
    {
        var image = EmbeddedGuests.Load(guest, bigEndian);
        var best = double.MaxValue;
        long insns = 0;
        for (var i = 0; i < runs; i++)
        {
            using var machine = Machine.FromElf(image, new MachineOptions { HostPressure = pressure, Jit = jit });
            var sw = Stopwatch.StartNew();
            var reason = machine.Run(20_000_000_000);
            sw.Stop();
            if (reason != StopReason.Halted)
            {
                throw new InvalidOperationException($"{guest} did not halt ({reason})");
            }
            insns = machine.Cpu.InstructionsRetired;
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (insns, best);
    }
}
