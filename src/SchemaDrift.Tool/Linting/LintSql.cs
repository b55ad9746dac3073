using System.Text;
using System.Text.RegularExpressions;
using SchemaDrift.Tool.Apply;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// Small helpers over one statement's text (comments already removed by <see cref="SqlStatements"/>): names as
/// PostgreSQL resolves them, string literals masked so that no keyword is found inside one, clauses split at top-level
/// commas.
/// </summary>
internal static partial class LintSql
{
    /// <summary>An identifier: quoted (with doubled quotes inside) or plain.</summary>
    public const string Ident = @"(?:""(?:[^""]|"""")+""|[A-Za-z_][A-Za-z0-9_$]*)";

    /// <summary>An identifier, optionally schema-qualified.</summary>
    public const string Qualified = Ident + @"(?:\s*\.\s*" + Ident + ")?";

    /// <summary>The schema PostgreSQL puts an unqualified name in when the search path is the default one.</summary>
    public const string DefaultSchema = "public";

    /// <summary>
    /// <paramref name="sql"/> with the contents of string literals (<c>'…'</c>, <c>E'…'</c>, <c>$tag$…$tag$</c>) replaced
    /// by spaces, the same length, so that positions match the original.
    /// </summary>
    public static string Mask(string sql)
    {
        var text = new StringBuilder(sql);
        for (var i = 0; i < sql.Length; i++)
        {
            if (sql[i] == '"')
            {
                i = End(sql, i, '"', false) - 1;
            }
            else if (sql[i] == '\'')
            {
                var escapes = i > 0 && sql[i - 1] is 'E' or 'e';
                var end = End(sql, i, '\'', escapes);
                for (var j = i + 1; j < end - 1; j++)
                {
                    text[j] = ' ';
                }

                i = end - 1;
            }
            else if (sql[i] == '$' && DollarTag().Match(sql, i) is { Success: true } tag && tag.Index == i && (i == 0 || !char.IsLetterOrDigit(sql[i - 1])))
            {
                var close = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                var end = close < 0 ? sql.Length : close;
                for (var j = i + tag.Length; j < end; j++)
                {
                    text[j] = ' ';
                }

                i = close < 0 ? sql.Length : close + tag.Length - 1;
            }
        }

        return text.ToString();
    }

    /// <summary>A qualified name as written (<c>shop."Orders"</c>) → <c>shop.Orders</c>; unqualified names go to <c>public</c>.</summary>
    public static string Table(string written)
    {
        var (schema, name) = Split(written);
        return (schema ?? DefaultSchema) + "." + name;
    }

    /// <summary>The schema (null when unqualified) and the name of a qualified name as written, unquoted as PostgreSQL does.</summary>
    public static (string? Schema, string Name) Split(string written)
    {
        var parts = Parts().Matches(written.Trim()).Select(m => StatementAnalyzer.Unquote(m.Value)).ToList();
        return parts.Count switch
        {
            0 => (null, written.Trim()),
            1 => (null, parts[0]),
            _ => (parts[^2], parts[^1]),
        };
    }

    /// <summary>The schema of a resolved name (<c>shop.Orders</c> → <c>shop</c>).</summary>
    public static string SchemaOf(string resolved) => resolved[..Math.Max(0, resolved.IndexOf('.', StringComparison.Ordinal))];

    /// <summary>The name of a resolved name without its schema (<c>shop.Orders</c> → <c>Orders</c>).</summary>
    public static string NameOf(string resolved) => resolved[(resolved.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>An identifier as PostgreSQL resolves it (quoted verbatim, plain lower-cased).</summary>
    public static string Name(string written) => StatementAnalyzer.Unquote(written.Trim());

    /// <summary>The parts of <paramref name="text"/> between top-level commas (parentheses nest; literals are masked first).</summary>
    public static IReadOnlyList<string> SplitTopLevel(string text)
    {
        var masked = Mask(text);
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < masked.Length; i++)
        {
            switch (masked[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    parts.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        parts.Add(text[start..].Trim());
        return parts.Where(p => p.Length > 0).ToList();
    }

    /// <summary>The text inside the parentheses that open at <paramref name="open"/> (masked literals respected), and the index after them.</summary>
    public static (string Inner, int After) Parenthesized(string text, int open)
    {
        var masked = Mask(text);
        var depth = 0;
        for (var i = open; i < masked.Length; i++)
        {
            if (masked[i] == '(')
            {
                depth++;
            }
            else if (masked[i] == ')' && --depth == 0)
            {
                return (text[(open + 1)..i], i + 1);
            }
        }

        return (text[Math.Min(open + 1, text.Length)..], text.Length);
    }

    /// <summary>One line of at most 160 characters, for messages.</summary>
    public static string Short(string sql)
    {
        var line = Whitespace().Replace(sql.Trim(), " ");
        return line.Length <= 160 ? line : line[..157] + "...";
    }

    private static int End(string sql, int open, char quote, bool backslashEscapes)
    {
        for (var i = open + 1; i < sql.Length; i++)
        {
            if (backslashEscapes && sql[i] == '\\')
            {
                i++;
            }
            else if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
        }

        return sql.Length;
    }

    [GeneratedRegex(Ident)]
    private static partial Regex Parts();

    [GeneratedRegex(@"\$[A-Za-z_][A-Za-z0-9_]*\$|\$\$")]
    private static partial Regex DollarTag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
