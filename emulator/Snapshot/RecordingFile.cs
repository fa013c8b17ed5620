using System.Globalization;
using System.Text;

namespace Emu.Emulator.Snapshot;

/// <summary>Where in guest time an input byte reached the guest: retired instructions, guest cycles, exceptions taken.</summary>
/// <remarks>
/// The instruction count alone is not enough: at one count the run loop may idle in WAIT (cycles advance) or take an
/// interrupt (an exception is taken) before it executes again, and input delivered before or after that is seen
/// differently. The triple names exactly one pass through the run loop's hook (Mips32Cpu.Boundary.cs).
/// </remarks>
public readonly record struct GuestPosition(long Instructions, long Cycles, long Exceptions) : IComparable<GuestPosition>
{
    public int CompareTo(GuestPosition other) =>
        Instructions != other.Instructions ? Instructions.CompareTo(other.Instructions)
        : Cycles != other.Cycles ? Cycles.CompareTo(other.Cycles)
        : Exceptions.CompareTo(other.Exceptions);

    public static GuestPosition Of(Cpu.Mips32Cpu cpu) => new(cpu.InstructionsRetired, cpu.GuestCycles, cpu.ExceptionsTaken);

    public override string ToString() => $"{Instructions} {Cycles} {Exceptions}";
}

/// <summary>One console input delivery of a recording.</summary>
public sealed record InputEvent(GuestPosition At, byte[] Bytes);

/// <summary>
/// A recording (<c>emu run --record FILE</c>): the run's nondeterministic inputs, as text lines (diffable, greppable).
/// <code>
/// emu-recording 1
/// command emu run --record r.txt a.elf   (the command line, for people)
/// image kernel SHA256 NAME               (one line per image: elf/kernel, initrd)
/// rtc UNIX-SECONDS                       (the RTC's power-on time)
/// machine RAM-BYTES VCPUS CPU-MODEL ENDIAN
/// input INSTRUCTIONS CYCLES EXCEPTIONS HEX   (console bytes the guest received there, in order)
/// end INSTRUCTIONS [halted] STATE-SHA256 (written when the run ends; halted: the guest powered off)
/// </code>
/// Guest time is instruction-driven (--clock insns), and several vCPUs take deterministic turns
/// (<see cref="RoundRobinSchedule"/>, whose quantum the machine line names), so nothing else in the run depends on the
/// host; host memory pressure, which the guest cannot see, is not recorded. Positions (input, end) are vCPU 0's: input
/// reaches the guest at vCPU 0's boundaries, in its turn, and so do external stops.
/// </summary>
public sealed class RecordingFile
{
    public const string Magic = "emu-recording 1";

    public string Command { get; init; } = "";

    /// <summary>(role, sha256 hex, file name) per image.</summary>
    public List<(string Role, string Sha256, string Name)> Images { get; init; } = [];

    public long RtcPowerOnSeconds { get; init; }

    /// <summary>"RAM VCPUS CPU ENDIAN", compared as a whole on replay.</summary>
    public string Machine { get; init; } = "";

    public List<InputEvent> Inputs { get; } = [];

    public (long Instructions, string StateHash, bool Halted)? End { get; set; }

    /// <summary>The header lines (a recorder writes them first, then appends events as they happen).</summary>
    public string Header()
    {
        var sb = new StringBuilder();
        sb.Append(Magic).Append('\n');
        sb.Append("command ").Append(Command.Replace('\n', ' ')).Append('\n');
        foreach (var (role, sha, name) in Images)
        {
            sb.Append(CultureInfo.InvariantCulture, $"image {role} {sha} {name}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"rtc {RtcPowerOnSeconds}\n");
        sb.Append(CultureInfo.InvariantCulture, $"machine {Machine}\n");
        return sb.ToString();
    }

    public static string InputLine(InputEvent e) => $"input {e.At} {Convert.ToHexStringLower(e.Bytes)}\n";

    public static string EndLine(long instructions, string stateHash, bool halted = false) =>
        $"end {instructions}{(halted ? " halted" : "")} {stateHash}\n";

    /// <summary>Parses a recording; <see cref="InvalidDataException"/> with the line number on anything malformed.</summary>
    public static RecordingFile Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Magic)
        {
            throw new InvalidDataException($"not an emu recording (the first line is not '{Magic}')");
        }
        string command = "", machine = "";
        long rtc = 0;
        var images = new List<(string, string, string)>();
        var inputs = new List<InputEvent>();
        (long, string, bool)? end = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var space = line.IndexOf(' ');
            var key = space < 0 ? line : line[..space];
            var rest = space < 0 ? "" : line[(space + 1)..];
            var f = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            try
            {
                switch (key)
                {
                    case "command":
                        command = rest;
                        break;
                    case "image" when f.Length >= 3:
                        images.Add((f[0], f[1], string.Join(' ', f.Skip(2))));
                        break;
                    case "rtc" when f.Length == 1:
                        rtc = long.Parse(f[0], CultureInfo.InvariantCulture);
                        break;
                    case "machine":
                        machine = rest;
                        break;
                    case "input" when f.Length == 4:
                        var at = new GuestPosition(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture),
                            long.Parse(f[2], CultureInfo.InvariantCulture));
                        if (inputs.Count > 0 && at.CompareTo(inputs[^1].At) < 0)
                        {
                            throw new FormatException("input events go back in guest time");
                        }
                        inputs.Add(new InputEvent(at, Convert.FromHexString(f[3])));
                        break;
                    case "end" when f.Length == 2 || (f.Length == 3 && f[1] == "halted"):
                        end = (long.Parse(f[0], CultureInfo.InvariantCulture), f[^1], f.Length == 3);
                        break;
                    default:
                        throw new FormatException($"unknown or malformed '{key}' line");
                }
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InvalidDataException($"line {i + 1}: {e.Message}");
            }
        }
        var file = new RecordingFile { Command = command, Images = images, RtcPowerOnSeconds = rtc, Machine = machine, End = end };
        file.Inputs.AddRange(inputs);
        return file;
    }
}
