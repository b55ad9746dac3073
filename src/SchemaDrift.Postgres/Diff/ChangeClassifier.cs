using System.Text.RegularExpressions;

namespace SchemaDrift.Postgres.Diff;

/// <summary>How a column type change treats existing values.</summary>
internal enum TypeConversion
{
    /// <summary>Every value fits and PostgreSQL only updates the catalog (varchar(10) → varchar(20), varchar → text).</summary>
    BinaryWidening,

    /// <summary>Every value fits but the table is rewritten (integer → bigint, numeric(10,2) → numeric(12,4)).</summary>
    Widening,

    /// <summary>Values can be cut or rejected (varchar(100) → varchar(50), bigint → integer, text → varchar(n)).</summary>
    Narrowing,

    /// <summary>A conversion between unrelated types; existing values may not convert.</summary>
    Other,
}

/// <summary>
/// The severity and hazard rules in one place.
/// Critical: data loss or application failure (a table, column, primary, unique or foreign key dropped, a type
/// narrowed, an enum label removed, a view, type or schema dropped).
/// Major: behaviour or performance changes (a type changed otherwise, nullability, default, identity, an index
/// dropped or changed, a NOT NULL column without default added, checks, triggers, views, functions, policies, RLS).
/// Minor: harmless additions and cosmetics (a nullable column or one with a default, a table, view, function,
/// index, sequence or type added, an enum label added, a comment, storage parameters).
/// </summary>
internal static partial class ChangeClassifier
{
    private static readonly string[] IntegerWidths = ["smallint", "integer", "bigint"];

    public static TypeConversion Classify(string from, string to)
    {
        if (from == to)
        {
            return TypeConversion.BinaryWidening;
        }

        var a = Parse(from);
        var b = Parse(to);
        if (a.IsArray != b.IsArray)
        {
            return TypeConversion.Other;
        }

        switch (a.Base, b.Base)
        {
            case ("character varying", "character varying"):
                return b.Args.Length == 0 || (a.Args.Length > 0 && b.Args[0] >= a.Args[0]) ? TypeConversion.BinaryWidening : TypeConversion.Narrowing;
            case ("character varying", "text"):
                return TypeConversion.BinaryWidening;
            case ("text", "character varying"):
                return b.Args.Length == 0 ? TypeConversion.BinaryWidening : TypeConversion.Narrowing;
            case ("character", "character varying" or "text"):
                return b.Args.Length == 0 || (a.Args.Length > 0 && b.Args[0] >= a.Args[0]) ? TypeConversion.Widening : TypeConversion.Narrowing;
            case ("character varying" or "text", "character"):
            case ("character", "character"):
                return a.Args.Length > 0 && b.Args.Length > 0 && b.Args[0] >= a.Args[0] && a.Base == "character" ? TypeConversion.Widening : TypeConversion.Narrowing;
            case ("numeric", "numeric"):
                if (b.Args.Length == 0)
                {
                    return TypeConversion.BinaryWidening;
                }

                if (a.Args.Length == 0)
                {
                    return TypeConversion.Narrowing;
                }

                var (p1, s1) = (a.Args[0], a.Args.Length > 1 ? a.Args[1] : 0);
                var (p2, s2) = (b.Args[0], b.Args.Length > 1 ? b.Args[1] : 0);
                if (s2 < s1 || p2 - s2 < p1 - s1)
                {
                    return TypeConversion.Narrowing;
                }

                return s2 == s1 ? TypeConversion.BinaryWidening : TypeConversion.Widening;
        }

        var ia = Array.IndexOf(IntegerWidths, a.Base);
        var ib = Array.IndexOf(IntegerWidths, b.Base);
        if (ia >= 0 && ib >= 0)
        {
            return ib > ia ? TypeConversion.Widening : TypeConversion.Narrowing;
        }

        if (ia >= 0 && b.Base is "numeric" or "double precision" or "real" or "text" or "character varying")
        {
            return b.Base == "numeric" && b.Args.Length > 0 && b.Args[0] - (b.Args.Length > 1 ? b.Args[1] : 0) < 19
                ? TypeConversion.Narrowing
                : TypeConversion.Widening;
        }

        if (a.Base is "numeric" or "double precision" or "real" && ib >= 0)
        {
            return TypeConversion.Narrowing;
        }

        if (a.Base == "real" && b.Base == "double precision")
        {
            return TypeConversion.Widening;
        }

        if (a.Base == "double precision" && b.Base == "real")
        {
            return TypeConversion.Narrowing;
        }

        if (a.Base is "timestamp without time zone" or "timestamp with time zone" && b.Base == "date")
        {
            return TypeConversion.Narrowing;
        }

        if (a.Base.StartsWith("time", StringComparison.Ordinal) && a.Base == b.Base)
        {
            var pa = a.Args.Length > 0 ? a.Args[0] : 6;
            var pb = b.Args.Length > 0 ? b.Args[0] : 6;
            return pb >= pa ? TypeConversion.BinaryWidening : TypeConversion.Narrowing;
        }

        if (b.Base is "text" or "character varying" && b.Args.Length == 0)
        {
            return TypeConversion.Widening;
        }

        return TypeConversion.Other;
    }

    public static Severity TypeChangeSeverity(TypeConversion conversion) =>
        conversion is TypeConversion.Narrowing ? Severity.Critical : Severity.Major;

    public static Hazards TypeChangeHazards(TypeConversion conversion) => conversion switch
    {
        TypeConversion.BinaryWidening => Hazards.AccessExclusiveLock,
        TypeConversion.Widening => Hazards.AccessExclusiveLock | Hazards.RewritesTable,
        TypeConversion.Narrowing => Hazards.AccessExclusiveLock | Hazards.RewritesTable | Hazards.DeletesData,
        _ => Hazards.AccessExclusiveLock | Hazards.RewritesTable | Hazards.ValidatesRows,
    };

    /// <summary>A default that calls a volatile function makes ADD COLUMN rewrite the table.</summary>
    public static bool IsVolatileDefault(string? expression) =>
        expression is not null && VolatileCall().IsMatch(expression);

    private static (string Base, int[] Args, bool IsArray) Parse(string type)
    {
        var isArray = type.EndsWith("[]", StringComparison.Ordinal);
        var t = isArray ? type[..^2] : type;
        var match = TypeWithArgs().Match(t);
        if (!match.Success)
        {
            return (t, [], isArray);
        }

        var args = match.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(x => int.TryParse(x, out var n) ? n : 0)
            .ToArray();
        // "timestamp(3) with time zone" → base "timestamp with time zone".
        return ((match.Groups[1].Value + match.Groups[3].Value).Trim(), args, isArray);
    }

    [GeneratedRegex(@"^([^(]+)\(([^)]*)\)(.*)$")]
    private static partial Regex TypeWithArgs();

    [GeneratedRegex(@"\b(nextval|random|gen_random_uuid|uuid_generate_v\d|clock_timestamp|timeofday|txid_current)\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex VolatileCall();
}
