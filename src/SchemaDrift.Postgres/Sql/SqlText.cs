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

        // Column-name keywords (PostgreSQL 15): not reserved, but quote_ident quotes them, and so format_type,
        // pg_get_*def and the catalog print them quoted (public."numeric"); quoting them alike keeps texts comparable.
        "between", "bigint", "bit", "boolean", "char", "character", "coalesce", "dec", "decimal", "exists", "extract",
        "float", "greatest", "grouping", "inout", "int", "integer", "interval", "least", "national", "nchar", "none",
        "normalize", "numeric", "out", "overlay", "position", "precision", "real", "row", "setof", "smallint",
        "substring", "time", "timestamp", "treat", "trim", "values", "varchar", "xmlattributes", "xmlconcat",
        "xmlelement", "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize",
        "xmltable",
    };

    /// <summary>Quotes an identifier the way PostgreSQL's quote_ident does: only when needed (not lower-case, or a keyword that is not unreserved).</summary>
    public static string Ident(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 0 && IsSimple(name) && !ReservedWords.Contains(name))
        {
            return name;
        }

        return QuotedIdent(name);
    }

    /// <summary>A schema-qualified identifier.</summary>
    public static string Ident(string schema, string name) => Ident(schema) + "." + Ident(name);

    /// <summary>
    /// An identifier always in double quotes, as EF Core writes its own (<c>"shop"."__EFMigrationsHistory"</c>): for
    /// the SQL the tool writes beside EF's, on the history table and the audit trail.
    /// </summary>
    public static string QuotedIdent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>A schema-qualified identifier, both parts in double quotes (see <see cref="QuotedIdent(string)"/>).</summary>
    public static string QuotedIdent(string schema, string name) => QuotedIdent(schema) + "." + QuotedIdent(name);

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

    /// <summary>A statement's first line, shortened to 100 characters, for messages.</summary>
    public static string Abbreviate(string sql)
    {
        var line = sql.Trim().Split('\n')[0].Trim();
        return line.Length <= 100 ? line : line[..97] + "...";
    }

    /// <summary>
    /// Splits a dotted name as PostgreSQL prints it (<c>public."Order".id</c>) into its unquoted parts; the
    /// inverse of <see cref="Ident(string)"/> joined by dots.
    /// </summary>
    public static IReadOnlyList<string> ParseQualified(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == '.')
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
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
