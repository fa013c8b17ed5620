using System.CommandLine;

namespace Emu.Cli;

/// <summary>
/// "Did you mean": the closest option or command name to a word the parser did not know, by edit distance
/// (optimal string alignment: insertions, deletions, substitutions, adjacent swaps) or by prefix
/// (`--host` → `--host-pressure`). Dashes are ignored when comparing, so `-stats` and `--stat` both find `--stats`.
/// </summary>
public static class Suggestions
{
    /// <summary>The one-line error for an unknown option or command <paramref name="word"/> given to <paramref name="command"/>.</summary>
    public static string Unknown(string word, Command command)
    {
        var isOption = word.StartsWith('-');
        var kind = isOption ? "option" : (command.Subcommands.Count > 0 ? "command" : "argument");
        var best = Closest(word, Names(command, isOption));
        var scope = command.Parents.Any() ? $"emu {command.Name}" : "emu";
        return best is null
            ? $"unknown {kind} '{word}' (see '{scope} --help')"
            : $"unknown {kind} '{word}'; did you mean '{best}'?";
    }

    public static string? Closest(string word, IEnumerable<string> candidates)
    {
        var key = Key(word);
        if (key.Length == 0)
        {
            return null;
        }
        string? best = null;
        var bestScore = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var c = Key(candidate);
            var distance = Distance(key, c);
            // A prefix of a longer name is as good as one edit; more than a third of the word changed is no match.
            var score = c.StartsWith(key, StringComparison.Ordinal) && key.Length >= 2 ? Math.Min(distance, 1) : distance;
            // On a tie the double-dash spelling wins: it is the one every option has.
            var better = score < bestScore || (score == bestScore && candidate.StartsWith("--", StringComparison.Ordinal));
            if (score <= Math.Max(1, key.Length / 3) && better)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    private static IEnumerable<string> Names(Command command, bool options)
    {
        if (!options)
        {
            return command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
        }
        return command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
    }

    private static string Key(string word)
    {
        var eq = word.IndexOf('=');
        return (eq > 0 ? word[..eq] : word).TrimStart('-').ToLowerInvariant();
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
