using System.Globalization;
using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// Which type changes PostgreSQL makes without rewriting the table: the same type, a longer (or unlimited) varchar or
/// varbit, varchar to text, a larger numeric precision with the same scale (or no limit), cidr to inet. Everything
/// else rewrites the table and its indexes (timestamp to timestamptz too, unless the session's time zone is UTC).
/// </summary>
public static partial class TypeChanges
{
    public static bool WithoutRewrite(string from, string to)
    {
        var (oldName, oldArgs) = Parse(from);
        var (newName, newArgs) = Parse(to);
        if (oldName == newName && oldArgs.SequenceEqual(newArgs))
        {
            return true;
        }

        return (oldName, newName) switch
        {
            ("varchar", "varchar") or ("varbit", "varbit") => newArgs.Length == 0 || (oldArgs.Length == 1 && newArgs.Length == 1 && newArgs[0] >= oldArgs[0]),
            ("varchar", "text") or ("text", "varchar") => newName == "text" || newArgs.Length == 0,
            ("numeric", "numeric") => newArgs.Length == 0
                || (oldArgs.Length >= 1 && newArgs.Length >= 1 && newArgs[0] >= oldArgs[0] && Scale(oldArgs) == Scale(newArgs)),
            ("cidr", "inet") => true,
            _ => false,
        };
    }

    private static int Scale(int[] args) => args.Length > 1 ? args[1] : 0;

    /// <summary>The type's canonical name and its modifiers: <c>character varying(20)</c> → (varchar, [20]).</summary>
    private static (string Name, int[] Args) Parse(string type)
    {
        var text = Spaces().Replace(type.Trim().Trim('"').ToLowerInvariant(), " ");
        if (text.StartsWith("pg_catalog.", StringComparison.Ordinal))
        {
            text = text["pg_catalog.".Length..];
        }

        var args = Array.Empty<int>();
        if (Modifiers().Match(text) is { Success: true } m)
        {
            args = m.Groups["args"].Value.Split(',').Select(a => int.TryParse(a.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1).ToArray();
            text = (text[..m.Index] + text[(m.Index + m.Length)..]).Trim();
        }

        var name = text switch
        {
            "character varying" or "varchar" => "varchar",
            "bit varying" or "varbit" => "varbit",
            "decimal" or "numeric" => "numeric",
            "integer" or "int" or "int4" => "int4",
            "bigint" or "int8" => "int8",
            "smallint" or "int2" => "int2",
            "timestamp with time zone" or "timestamptz" => "timestamptz",
            "timestamp without time zone" or "timestamp" => "timestamp",
            "boolean" or "bool" => "bool",
            "double precision" or "float8" => "float8",
            "real" or "float4" => "float4",
            "character" or "char" or "bpchar" => "bpchar",
            _ => text,
        };
        return (name, args);
    }

    [GeneratedRegex(@"\((?<args>[^)]*)\)")]
    private static partial Regex Modifiers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
