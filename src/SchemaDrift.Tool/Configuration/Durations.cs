using System.Globalization;
using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Configuration;

/// <summary>Durations as options and schemadrift.json spell them: <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, or plain seconds.</summary>
public static partial class Durations
{
    /// <summary>Parses <paramref name="value"/>; null or empty gives <paramref name="fallback"/>. A malformed value is a usage error naming <paramref name="what"/>.</summary>
    public static TimeSpan Parse(string? value, TimeSpan fallback, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var match = DurationPattern().Match(value.Trim());
        if (!match.Success)
        {
            throw ToolException.Usage($"{what} '{value}' is not a duration. Use e.g. 500ms, 10s, 2m or 1h (0 for no limit).");
        }

        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value.ToLowerInvariant() switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "m" or "min" => TimeSpan.FromMinutes(number),
            "h" => TimeSpan.FromHours(number),
            _ => TimeSpan.FromSeconds(number),
        };
    }

    /// <summary>The value for a PostgreSQL time setting (lock_timeout, statement_timeout): whole milliseconds, 0 = off.</summary>
    public static string ToSetting(TimeSpan value) =>
        ((long)Math.Ceiling(value.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms";

    /// <summary>For people: <c>1.5 s</c>, <c>250 ms</c>, <c>no limit</c>.</summary>
    public static string Describe(TimeSpan value) =>
        value <= TimeSpan.Zero ? "no limit"
        : value < TimeSpan.FromSeconds(1) ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.#} s");

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPattern();
}
