using System.Text.RegularExpressions;

namespace Emu.GdbStub.Tests.Infrastructure;

/// <summary>
/// The reverse-stepi check's gdb script and its reading: a state line tagged FWD before and after each of N `stepi`,
/// then one tagged REV after each of N `reverse-stepi`. A reverse step from forward state k lands on state k-1, so the
/// REV lines must be the FWD lines N-1..0.
/// </summary>
public static partial class StepLog
{
    /// <param name="state">The gdb command that prints one state line starting with the tag it is given.</param>
    public static IEnumerable<string> StepForwardThenBack(Func<string, string> state, int steps)
    {
        yield return state("FWD");
        for (var i = 0; i < steps; i++)
        {
            yield return "stepi";
            yield return state("FWD");
        }
        for (var i = 0; i < steps; i++)
        {
            yield return "reverse-stepi";
            yield return state("REV");
        }
    }

    /// <summary>The state lines gdb printed, without their tags, forward and reverse.</summary>
    public static (List<string> Forward, List<string> Reverse) Read(string gdbStdout)
    {
        var lines = StateLine().Matches(gdbStdout).Select(m => (Tag: m.Groups[1].Value, State: m.Groups[2].Value)).ToList();
        return (lines.Where(l => l.Tag == "FWD").Select(l => l.State).ToList(), lines.Where(l => l.Tag == "REV").Select(l => l.State).ToList());
    }

    [GeneratedRegex(@"^(FWD|REV) (.*)$", RegexOptions.Multiline)]
    private static partial Regex StateLine();
}
