using System.Text.RegularExpressions;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Whether PostgreSQL can convert a column's values from one type to another with a USING cast: the same type with
/// other modifiers, a cast in pg_cast (of the database the script runs on), an I/O conversion through a string type,
/// a domain through its base type, arrays through their elements (or through a string type, to or from its text),
/// enums through text.
/// </summary>
internal static partial class Casts
{
    private static readonly HashSet<string> Strings = new(StringComparer.Ordinal) { "text", "character varying", "character", "name", "\"char\"" };

    public static bool Convertible(DiffContext context, string from, string to)
    {
        // The same change of type comes back on many columns: each pair is worked out once. No type name holds NUL.
        var pair = from + "\0" + to;
        if (!context.ConvertibleTypes.TryGetValue(pair, out var convertible))
        {
            convertible = Compute(context, from, to);
            context.ConvertibleTypes[pair] = convertible;
        }

        return convertible;
    }

    private static bool Compute(DiffContext context, string from, string to)
    {
        var casts = context.CastSet;
        if (casts.Count == 0)
        {
            // Snapshots that were not read with their casts (older caches, hand-made ones): assume a cast exists.
            return true;
        }

        var a = BaseOf(context, Modifiers().Replace(DiffAnalysis.ElementType(from), string.Empty).Trim());
        var b = BaseOf(context, Modifiers().Replace(DiffAnalysis.ElementType(to), string.Empty).Trim());
        var dimensions = from.Length - from.TrimEnd('[', ']').Length;
        var targetDimensions = to.Length - to.TrimEnd('[', ']').Length;
        if (dimensions != targetDimensions)
        {
            // An array and a scalar: only through a string type's I/O (an array's text to a text column, or back).
            return (targetDimensions == 0 && Strings.Contains(b)) || (dimensions == 0 && Strings.Contains(a));
        }

        return a == b || Strings.Contains(a) || Strings.Contains(b) || context.EnumNames.Contains(a) || context.EnumNames.Contains(b)
            || casts.Contains(a + "→" + b);
    }

    /// <summary>A domain's base type (without modifiers), else the type itself.</summary>
    private static string BaseOf(DiffContext context, string type)
    {
        var domain = context.From.Domains.Concat(context.To.Domains).FirstOrDefault(d => d.Name.Sql == type);
        return domain is null ? type : Modifiers().Replace(DiffAnalysis.ElementType(domain.DataType), string.Empty).Trim();
    }

    [GeneratedRegex(@"\(\s*\d+(\s*,\s*\d+)?\s*\)")]
    private static partial Regex Modifiers();
}
