using System.CommandLine;
using System.Globalization;
using Emu.Emulator;
using Emu.Emulator.Timing;

namespace Emu.Cli;

/// <summary>
/// <c>--clock host|insns</c> and <c>--rtc-epoch</c>: what drives guest time (<see cref="GuestClockSource"/>). Without the option a
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

    private readonly Option<string?> _rtcEpoch = new("--rtc-epoch")
    {
        Description = "What the RTC shows at power-on (QEMU's -rtc base=): now, Unix seconds, or a UTC date/time such as " +
                      "2026-11-30T09:00:00. Default: now with --clock host, 2000-01-01T00:00:00 with --clock insns " +
                      "(so two runs are identical)",
    };

    public ClockOption() => _clock.OneOf("host", "insns");

    public void AddTo(Command command)
    {
        command.Options.Add(_clock);
        command.Options.Add(_rtcEpoch);
    }

    /// <summary>
    /// Applies the clock options to <paramref name="machine"/> (<paramref name="defaultSource"/> when --clock is
    /// not given); an error message (one line) or null.
    /// </summary>
    public string? Apply(ParseResult parse, GuestClockSource defaultSource, ref MachineOptions machine)
    {
        var source = parse.GetValue(_clock) switch
        {
            "host" => GuestClockSource.Host,
            "insns" => GuestClockSource.Instructions,
            _ => defaultSource,
        };
        DateTimeOffset? powerOn = null;
        if (parse.GetValue(_rtcEpoch) is { } text && text != "now" && !TryEpoch(text, out powerOn))
        {
            return $"--rtc-epoch: '{text}' is not now, Unix seconds or a date/time such as 2026-11-30T09:00:00";
        }
        machine = machine with { Clock = source, RtcPowerOn = powerOn };
        return null;
    }

    // A cold path out of Apply, which every run calls (README, "Start-up"): date parsing is needed only with --rtc-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static bool TryEpoch(string text, out DateTimeOffset? powerOn)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= MaxEpochSeconds)
        {
            powerOn = DateTimeOffset.FromUnixTimeSeconds(seconds);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            && when.Year is >= 1970 and <= 9999)
        {
            powerOn = when.ToUniversalTime();
            return true;
        }
        powerOn = null;
        return false;
    }

    // 9999-12-31T23:59:59Z, the last second DateTimeOffset (and the RTC's four-digit year) can show.
    private const long MaxEpochSeconds = 253402300799;
}
