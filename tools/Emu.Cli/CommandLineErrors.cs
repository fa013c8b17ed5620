using System.CommandLine;

namespace Emu.Cli;

/// <summary>
/// The one error line for a command line the parser refused: an unknown option or command gets a "did you
/// mean" (<see cref="Suggestions"/>); other messages are flattened to one line (System.CommandLine's lists span
/// several) with the help hint at the end.
/// </summary>
public static class CommandLineErrors
{
    public static string? FirstMessage(ParseResult parse)
    {
        if (parse.Errors.Count == 0)
        {
            return null;
        }
        var command = parse.CommandResult.Command;
        // An unknown option first (the words after it are usually its value), then unknown words.
        if (parse.UnmatchedTokens.FirstOrDefault(t => t.StartsWith('-')) is { } unknownOption)
        {
            return Suggestions.Unknown(unknownOption, command);
        }
        if (parse.Errors.FirstOrDefault(e => e.Message.StartsWith("unknown ", StringComparison.Ordinal)) is { } ours)
        {
            return ours.Message;
        }
        if (parse.UnmatchedTokens.FirstOrDefault() is { } unmatched)
        {
            return Suggestions.Unknown(unmatched, command);
        }
        // Errors our own validators and parsers wrote are already plain; prefer them.
        var error = parse.Errors.FirstOrDefault(e => e.Message.StartsWith('-')) ?? parse.Errors[0];
        var flat = string.Join(' ', error.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var scope = command.Parents.Any() ? $"emu {command.Name}" : "emu";
        return $"{flat} (see '{scope} --help')";
    }
}
