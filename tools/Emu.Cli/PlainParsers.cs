using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Emu.Cli;

/// <summary>
/// Value checks whose errors are plain words ("--max-insns: 'abc' is not a whole number") instead of
/// System.CommandLine's default, which names the .NET type (System.Nullable`1[System.Int64]).
/// Whole numbers accept decimal or 0x-hexadecimal, as the rest of emu's options do.
/// </summary>
public static class PlainParsers
{
    // Numeric options are declared over string and read back with GetWholeNumber, GetMebiBytes and GetDecimal, not
    // declared as Option<int>, Option<long?> or Option<double>: System.CommandLine's code for an option of a value type
    // is in no ReadyToRun image (a generic instantiation over a value type is compiled only where both live in one
    // version bubble), so its ~100 methods were JIT-compiled at every start, `emu --version` included. Over string, the
    // library's own precompiled code runs. The text is checked at parse time by a validator, as a typed parser would.

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>: read it with <see cref="GetWholeNumber"/>.</summary>
    public static Option<string?> WholeNumber(this Option<string?> option, long min, long max)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && WholeNumberError(Single(r), option.Name, min, max) is { } error)
            {
                r.AddError(error);
            }
        });
        return option;
    }

    /// <summary>The value of a <see cref="WholeNumber"/> option (checked at parse time), or null when absent.</summary>
    public static long? GetWholeNumber(this ParseResult parse, Option<string?> option) => WholeOrNull(parse.GetValue(option));

    /// <summary>A finite decimal number: read it with <see cref="GetDecimal"/>.</summary>
    public static Option<string?> Decimal(this Option<string?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !TryDecimal(Single(r), out _))
            {
                r.AddError($"{option.Name}: '{Single(r)}' is not a number");
            }
        });
        return option;
    }

    /// <summary>The value of a <see cref="Decimal"/> option (checked at parse time).</summary>
    public static double GetDecimal(this ParseResult parse, Option<string?> option) =>
        TryDecimal(parse.GetValue(option) ?? "", out var value) ? value : 0;

    /// <summary>
    /// A RAM size in MiB as QEMU's -m takes it: a plain number is MiB; the suffixes M/MB/MiB and G/GB/GiB are
    /// accepted (case-insensitive), so `-m 256`, `-m 256M` and `-m 1G` all mean what they do in QEMU. Read it with
    /// <see cref="GetMebiBytes"/>.
    /// </summary>
    public static Option<string?> MebiBytes(this Option<string?> option)
    {
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && !TryMebiBytes(Single(r), out _))
            {
                r.AddError($"{option.Name}: '{Single(r).Trim()}' is not a RAM size (a number of MiB, or with a suffix: 256M, 1G)");
            }
        });
        return option;
    }

    /// <summary>The value of a <see cref="MebiBytes"/> option (checked at parse time), in MiB.</summary>
    public static uint GetMebiBytes(this ParseResult parse, Option<string?> option) =>
        TryMebiBytes(parse.GetValue(option) ?? "", out var mib) ? mib : 0;

    /// <summary>
    /// A flag: present or absent, no value (as QEMU's are). Declared over string, not as Option&lt;bool&gt;, for the reason
    /// numbers are (seven of System.CommandLine's methods over bool were JIT-compiled at every start); read it with
    /// <see cref="GetFlag"/>. Unlike Option&lt;bool&gt;, it takes no `true`/`false` word after it.
    /// </summary>
    public static Option<string?> Flag(this Option<string?> option)
    {
        option.Arity = ArgumentArity.Zero;
        return option;
    }

    /// <summary>Whether a <see cref="Flag"/> is on the command line.</summary>
    public static bool GetFlag(this ParseResult parse, Option<string?> option) => parse.GetResult(option) is not null;

    /// <summary>
    /// Every option and argument of <paramref name="command"/> and its subcommands (all of emu's are over string) takes its
    /// word as it is, through a CustomParser rather than System.CommandLine's ArgumentConverter, whose first use builds a
    /// table of converters for thirty types (files, dates, numbers...): 0.9 ms of every start-up, to copy a string.
    /// </summary>
    public static void TakeWordsAsText(Command command)
    {
        foreach (var option in command.Options)
        {
            if (option is Option<string> text)
            {
                text.CustomParser ??= SingleWord;
            }
        }
        foreach (var argument in command.Arguments)
        {
            if (argument is Argument<string> text)
            {
                text.CustomParser ??= SingleWord;
            }
        }
        foreach (var subcommand in command.Subcommands)
        {
            TakeWordsAsText(subcommand);
        }
    }

    // One word at most: more is an arity error (System.CommandLine's "expects a single argument"), reported as ever.
    private static string? SingleWord(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : null;

    /// <summary>Only these words are accepted; the error lists them on one line.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] words)
    {
        option.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (!words.Contains(token.Value, StringComparer.Ordinal))
                {
                    r.AddError($"{option.Name}: '{token.Value}' is not one of {string.Join(", ", words)}");
                    return;
                }
            }
        });
        return option;
    }

    /// <summary>Null if <paramref name="text"/> is a whole number in [min, max]; else why not, in plain words.</summary>
    private static string? WholeNumberError(string text, string name, long min, long max)
    {
        text = text.Trim();
        if (TryWhole(text, out var value) && value >= min && value <= max)
        {
            return null;
        }
        return text.Length > 0 && (char.IsAsciiDigit(text[^1]) || text.StartsWith('-'))
            ? $"{name}: '{text}' is out of range"
            : $"{name}: '{text}' is not a whole number";
    }

    private static long? WholeOrNull(string? text) => text is not null && TryWhole(text.Trim(), out var value) ? value : null;

    /// <summary>Decimal, or 0x-hexadecimal, as the rest of emu's options take whole numbers.</summary>
    private static bool TryWhole(string text, out long value)
    {
        if (TryDigits(text, out var digits))
        {
            value = (long)digits;
            return true;
        }
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }
        var ok = ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex <= long.MaxValue;
        value = ok ? (long)hex : 0;
        return ok;
    }

    private static bool TryDecimal(string text, out double value)
    {
        if (TryDigits(text, out var digits))
        {
            value = digits;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>
    /// 1 to 18 decimal digits and nothing else, which is what the defaults and nearly every number typed are: read here,
    /// because the framework's number parsers load dozens of generic types at their first use (about half a
    /// millisecond of every start-up, for the option defaults alone). Anything else goes to those parsers.
    /// </summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.Length is 0 or > 18)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                value = 0;
                return false;
            }
            value = (value * 10) + (uint)(c - '0');
        }
        return true;
    }

    private static bool TryMebiBytes(string text, out uint mib)
    {
        text = text.Trim();
        var digits = text.TrimEnd("BbIiMmGg".ToCharArray());
        var suffix = text[digits.Length..];
        ulong factor = suffix.Length == 0 ? 1UL : suffix.ToLowerInvariant() switch
        {
            "m" or "mb" or "mib" => 1,
            "g" or "gb" or "gib" => 1024,
            _ => 0,
        };
        if (factor != 0 && (TryDigits(digits, out var n) || ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out n)) && n * factor <= uint.MaxValue)
        {
            mib = (uint)(n * factor);
            return true;
        }
        mib = 0;
        return false;
    }

    private static string Single(OptionResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
}
