using System.Text;

namespace SchemaDrift.Postgres.Sql;

/// <summary>The one place where identifiers are quoted and literals escaped for generated SQL.</summary>
public static class SqlText
{
    private static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "binary", "both",
        "case", "cast", "check", "collate", "collation", "column", "concurrently", "constraint", "create", "cross",
        "current_catalog", "current_date", "current_role", "current_schema", "current_time", "current_timestamp",
        "current_user", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "false", "fetch",
        "for", "foreign", "freeze", "from", "full", "grant", "group", "having", "ilike", "in", "initially", "inner",
        "intersect", "into", "is", "isnull", "join", "lateral", "leading", "left", "like", "limit", "localtime",
        "localtimestamp", "natural", "not", "notnull", "null", "offset", "on", "only", "or", "order", "outer",
        "overlaps", "placing", "primary", "references", "returning", "right", "select", "session_user", "similar",
        "some", "symmetric", "system_user", "table", "tablesample", "then", "to", "trailing", "true", "union", "unique",
        "user", "using", "variadic", "verbose", "when", "where", "window", "with",
    };

    /// <summary>Quotes an identifier the way PostgreSQL's quote_ident does: only when needed.</summary>
    public static string Ident(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 0 && IsSimple(name) && !ReservedWords.Contains(name))
        {
            return name;
        }

        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A schema-qualified identifier.</summary>
    public static string Ident(string schema, string name) => Ident(schema) + "." + Ident(name);

    /// <summary>A string literal, escaped with standard_conforming_strings semantics.</summary>
    public static string Literal(string? value)
    {
        if (value is null)
        {
            return "NULL";
        }

        var builder = new StringBuilder(value.Length + 2);
        builder.Append('\'');
        foreach (var c in value)
        {
            builder.Append(c == '\'' ? "''" : c.ToString());
        }

        builder.Append('\'');
        return builder.ToString();
    }

    private static bool IsSimple(string name)
    {
        if (!(name[0] is >= 'a' and <= 'z' || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' || c is >= '0' and <= '9' || c == '_' || c == '$'))
            {
                return false;
            }
        }

        return true;
    }
}
