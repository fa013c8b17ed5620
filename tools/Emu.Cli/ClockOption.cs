using System.CommandLine;
using Emu.Emulator.Timing;

namespace Emu.Cli;

/// <summary>
/// <c>--clock host|insns</c>: what drives guest time (<see cref="GuestClockSource"/>). Without the option a
/// kernel boot (<c>-kernel</c>, <c>boot-debian</c>) gets host time, as QEMU's default is, and a bare ELF
/// program instruction time: such programs are tests and benchmarks whose output should not depend on the host.
/// </summary>
public sealed class ClockOption
{
    private readonly Option<string?> _clock = new("--clock")
    {
        Description = "Guest time: host (follows the wall clock; an idle guest sleeps) or insns (deterministic, from " +
                      "executed instructions, as qemu -icount). Default: host with -kernel, insns for an ELF program",
    };

    public ClockOption() => _clock.OneOf("host", "insns");

    public void AddTo(Command command) => command.Options.Add(_clock);

    /// <summary>The chosen clock, or <paramref name="defaultSource"/> when the option was not given.</summary>
    public GuestClockSource Read(ParseResult parse, GuestClockSource defaultSource) => parse.GetValue(_clock) switch
    {
        "host" => GuestClockSource.Host,
        "insns" => GuestClockSource.Instructions,
        _ => defaultSource,
    };
}
