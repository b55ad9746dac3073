using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Apply;

/// <summary>Whether a type change can lose data, judged from the live column's type and the new one.</summary>
public static partial class StatementAnalyzer
{
    /// <summary>
    /// True when changing a column from <paramref name="from"/> to <paramref name="to"/> (both as format_type prints
    /// them) can lose or reject data: a shorter length, fewer digits, a smaller integer or float, or a conversion
    /// between unrelated types. Any type to unlimited text is not narrowing.
    /// </summary>
    public static bool IsNarrowing(string from, string to)
    {
        var a = Canonical(from);
        var b = Canonical(to);
        if (a == b)
        {
            return false;
        }

        var (aBase, aArgs) = Split(a);
        var (bBase, bArgs) = Split(b);
        if (bBase is "text" || (bBase is "character varying" && bArgs.Length == 0))
        {
            return false;
        }

        if (IsCharacter(aBase) && IsCharacter(bBase))
        {
            var aLength = aBase == "text" || aArgs.Length == 0 ? int.MaxValue : aArgs[0];
            var bLength = bArgs.Length == 0 ? (bBase == "character" ? 1 : int.MaxValue) : bArgs[0];
            return bLength < aLength;
        }

        var aDigits = IntegerDigits(aBase);
        var bDigits = IntegerDigits(bBase);
        if (aDigits > 0 && bDigits > 0)
        {
            return bDigits < aDigits;
        }

        if (aBase == "numeric" || bBase == "numeric")
        {
            if (bBase != "numeric")
            {
                return true;
            }

            if (bArgs.Length == 0)
            {
                return false;
            }

            var bPrecision = bArgs[0];
            var bScale = bArgs.Length > 1 ? bArgs[1] : 0;
            if (aDigits > 0)
            {
                return bPrecision - bScale < aDigits;
            }

            if (aBase != "numeric" || aArgs.Length == 0)
            {
                return true;
            }

            var aPrecision = aArgs[0];
            var aScale = aArgs.Length > 1 ? aArgs[1] : 0;
            return bScale < aScale || bPrecision - bScale < aPrecision - aScale;
        }

        if (aBase is "real" or "double precision" && bBase is "real" or "double precision")
        {
            return aBase == "double precision" && bBase == "real";
        }

        if (aDigits > 0 && bBase is "double precision" or "real")
        {
            return aDigits > (bBase == "real" ? 6 : 15);
        }

        if (aBase.StartsWith("timestamp", StringComparison.Ordinal) && bBase.StartsWith("timestamp", StringComparison.Ordinal))
        {
            return false;
        }

        return true;
    }

    private static bool IsCharacter(string type) => type is "text" or "character varying" or "character";

    private static int IntegerDigits(string type) => type switch
    {
        "smallint" => 5,
        "integer" => 10,
        "bigint" => 19,
        _ => 0,
    };

    private static string Canonical(string type)
    {
        var t = Spaces().Replace(type.Trim().ToLowerInvariant(), " ");
        t = t.Replace(" (", "(", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);
        foreach (var (alias, name) in new[]
                 {
                     ("varchar", "character varying"), ("int4", "integer"), ("int8", "bigint"), ("int2", "smallint"),
                     ("float8", "double precision"), ("float4", "real"), ("decimal", "numeric"), ("bool", "boolean"),
                     ("timestamptz", "timestamp with time zone"), ("char", "character"),
                 })
        {
            if (t == alias || t.StartsWith(alias + "(", StringComparison.Ordinal))
            {
                t = name + t[alias.Length..];
            }
        }

        return t switch
        {
            "int" => "integer",
            "bigserial" => "bigint",
            "serial" => "integer",
            _ => t,
        };
    }

    private static (string Base, int[] Args) Split(string type)
    {
        var open = type.IndexOf('(', StringComparison.Ordinal);
        if (open < 0)
        {
            return (type, []);
        }

        var close = type.IndexOf(')', open);
        var args = type[(open + 1)..(close < 0 ? type.Length : close)]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .ToArray();
        var rest = close < 0 ? string.Empty : type[(close + 1)..];
        return ((type[..open] + rest).Trim(), args);
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
