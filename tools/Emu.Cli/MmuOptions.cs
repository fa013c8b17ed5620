using System.CommandLine;
using System.Globalization;
using Emu.Emulator;
using Emu.Emulator.HostMemory;

namespace Emu.Cli;

/// <summary>
/// The KVM-style MMU's command-line face, shared by `emu run` and `emu bench`: vCPU count and the simulated
/// host's memory pressure (`--host-pressure ksm,cow,swap,balloon,age,mprotect --pressure-seed S --pressure-rate R`).
/// </summary>
public sealed class MmuOptions
{
    public Option<string?> Smp { get; } = new Option<string?>("--smp", "-smp")
    {
        Description = "Number of vCPUs (1..8), one host thread each; all start at the reset vector and tell themselves apart by EBase.CPUNum",
        DefaultValueFactory = _ => "1",
    }.WholeNumber(int.MinValue, int.MaxValue);

    public Option<string?> HostPressure { get; } = new("--host-pressure")
    {
        Description = "Host memory events applied to guest RAM while the guest runs: a comma list of ksm, cow, swap, balloon, age, mprotect, or all",
    };

    public Option<string?> PressureSeed { get; } = new Option<string?>("--pressure-seed")
    {
        Description = "Seed of the pressure driver's random choices (printed at exit; default: from the clock)",
    }.WholeNumber(int.MinValue, int.MaxValue);

    public Option<string?> PressureRate { get; } = new Option<string?>("--pressure-rate")
    {
        Description = "Host memory operations per second (0 = as fast as possible)",
        DefaultValueFactory = _ => "1000",
    }.Decimal();

    public Option<string?> BalloonRange { get; } = new("--balloon")
    {
        Description = "GPA:SIZE (hex or decimal, e.g. 0x0f000000:0x1000000) of RAM the guest has given up; the only place 'balloon' pressure acts",
    };

    public void AddTo(Command command, bool withSmp = true)
    {
        if (withSmp)
        {
            command.Options.Add(Smp);
        }
        command.Options.Add(HostPressure);
        command.Options.Add(PressureSeed);
        command.Options.Add(PressureRate);
        command.Options.Add(BalloonRange);
    }

    /// <summary>Reads the options; returns an error message for bad values.</summary>
    public string? Read(ParseResult parse, out int vcpus, out MachinePressure? pressure)
    {
        vcpus = parse.GetResult(Smp) is null && !parse.CommandResult.Command.Options.Contains(Smp) ? 1 : (int)parse.GetWholeNumber(Smp)!.Value;
        pressure = null;
        if (vcpus is < 1 or > 8)
        {
            return "--smp must be between 1 and 8";
        }
        var kindsText = parse.GetValue(HostPressure);
        var rate = parse.GetDecimal(PressureRate);
        if (rate < 0 || double.IsNaN(rate))
        {
            return "--pressure-rate must be zero or positive";
        }
        if (kindsText is null)
        {
            return null;
        }
        var kinds = PressureKinds.None;
        foreach (var word in kindsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            kinds |= word.ToLowerInvariant() switch
            {
                "ksm" => PressureKinds.Ksm,
                "cow" => PressureKinds.Cow,
                "swap" => PressureKinds.Swap,
                "balloon" => PressureKinds.Balloon,
                "age" => PressureKinds.Age,
                "mprotect" => PressureKinds.Mprotect,
                "all" => PressureKinds.All,
                _ => PressureKinds.None,
            };
            if (word.ToLowerInvariant() is not ("ksm" or "cow" or "swap" or "balloon" or "age" or "mprotect" or "all"))
            {
                return $"--host-pressure: unknown kind '{word}' (ksm, cow, swap, balloon, age, mprotect, all)";
            }
        }
        if (kinds == PressureKinds.None)
        {
            return "--host-pressure needs at least one kind";
        }
        (uint, uint)? balloon = null;
        if (parse.GetValue(BalloonRange) is { } b)
        {
            var parts = b.Split(':');
            if (parts.Length != 2 || !TryParseNumber(parts[0], out var gpa) || !TryParseNumber(parts[1], out var size)
                || (gpa & 0xfff) != 0 || (size & 0xfff) != 0 || size == 0)
            {
                return "--balloon must be GPA:SIZE, both page aligned, e.g. 0x0f000000:0x1000000";
            }
            balloon = (gpa, size);
        }
        pressure = new MachinePressure
        {
            Kinds = kinds,
            Seed = (int?)parse.GetWholeNumber(PressureSeed),
            Rate = rate,
            BalloonRange = balloon,
        };
        return null;
    }

    private static bool TryParseNumber(string text, out uint value) =>
        text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value)
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
