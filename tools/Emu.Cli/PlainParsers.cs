using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Emu.Cli;

/// <summary>
/// Value parsers whose errors are plain words ("--max-insns: 'abc' is not a whole number") instead of
/// System.CommandLine's default, which names the .NET type (System.Nullable`1[System.Int64]).
/// Whole numbers accept decimal or 0x-hexadecimal, as the rest of emu's options do.
/// </summary>
public static class PlainParsers
{
    public static Option<T> WholeNumber<T>(this Option<T> option) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => TryInteger(r, option.Name, out T value) ? value : default;
        return option;
    }

    public static Option<T?> OptionalWholeNumber<T>(this Option<T?> option) where T : struct, IBinaryInteger<T>
    {
        option.CustomParser = r => TryInteger(r, option.Name, out T value) ? value : null;
        return option;
    }

    public static Option<double> Decimal(this Option<double> option)
    {
        option.CustomParser = r =>
        {
            var text = Single(r);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }
            r.AddError($"{option.Name}: '{text}' is not a number");
            return 0;
        };
        return option;
    }

    /// <summary>
    /// A RAM size in MiB as QEMU's -m takes it: a plain number is MiB; the suffixes M/MB/MiB and G/GB/GiB are
    /// accepted (case-insensitive), so `-m 256`, `-m 256M` and `-m 1G` all mean what they do in QEMU.
    /// </summary>
    public static Option<uint> MebiBytes(this Option<uint> option)
    {
        option.CustomParser = r =>
        {
            var text = Single(r).Trim();
            var digits = text.TrimEnd("BbIiMmGg".ToCharArray());
            var suffix = text[digits.Length..].ToLowerInvariant();
            ulong factor = suffix switch
            {
                "" or "m" or "mb" or "mib" => 1,
                "g" or "gb" or "gib" => 1024,
                _ => 0,
            };
            if (factor != 0 && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n * factor <= uint.MaxValue)
            {
                return (uint)(n * factor);
            }
            r.AddError($"{option.Name}: '{text}' is not a RAM size (a number of MiB, or with a suffix: 256M, 1G)");
            return 0;
        };
        return option;
    }

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

    private static bool TryInteger<T>(ArgumentResult r, string name, out T value) where T : struct, IBinaryInteger<T>
    {
        var text = Single(r).Trim();
        var ok = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? T.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : T.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        if (!ok)
        {
            r.AddError(text.Length > 0 && (char.IsAsciiDigit(text[^1]) || text.StartsWith('-'))
                ? $"{name}: '{text}' is out of range"
                : $"{name}: '{text}' is not a whole number");
        }
        return ok;
    }

    private static string Single(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[^1].Value : "";
}
