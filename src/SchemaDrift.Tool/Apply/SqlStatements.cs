using System.Text;
using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Apply;

/// <summary>
/// Splits a command into the statements that run, for analysis only: comments removed, quoted text and dollar-quoted
/// bodies kept whole, and <c>DO</c> blocks opened so that what they run is judged like any other statement: their
/// static SQL and every <c>EXECUTE</c> of a literal string. A block that builds SQL at run time (an <c>EXECUTE</c> of
/// an expression, a language other than PL/pgSQL) cannot be read, and is reported as such.
/// </summary>
internal static partial class SqlStatements
{
    /// <summary>An identifier as SQL writes it (quoted, or a plain word), for the patterns that read statements.</summary>
    public const string Ident = @"(?:""(?:[^""]|"""")+""|[A-Za-z_][A-Za-z0-9_$]*)";

    /// <summary>An identifier, optionally schema-qualified.</summary>
    public const string Qualified = Ident + @"(?:\s*\.\s*" + Ident + ")?";

    /// <param name="dynamic">Set when a <c>DO</c> block runs SQL that cannot be read before it runs.</param>
    public static IReadOnlyList<string> Expand(string sql, out bool dynamic)
    {
        var result = new List<string>();
        var opaque = false;
        foreach (var statement in Split(sql))
        {
            ExpandInto(statement, result, ref opaque, depth: 0);
        }

        dynamic = opaque;
        return result;
    }

    /// <summary>The statements of <paramref name="sql"/> at top-level semicolons, comments replaced by a space.</summary>
    public static IEnumerable<string> Split(string sql)
    {
        var current = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '-' && At(sql, i, "--"))
            {
                var end = sql.IndexOfAny(['\n', '\r'], i);
                i = end < 0 ? sql.Length : end;
                current.Append(' ');
            }
            else if (c == '/' && At(sql, i, "/*"))
            {
                i = BlockCommentEnd(sql, i);
                current.Append(' ');
            }
            else if (c == '\'' || c == '"')
            {
                var escapes = c == '\'' && i > 0 && sql[i - 1] is 'E' or 'e' && (i < 2 || !IsWordChar(sql[i - 2]));
                var end = QuotedEnd(sql, i, c, escapes);
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '$' && DollarTag().Match(sql, i) is { Success: true } tag && tag.Index == i && (i == 0 || !IsWordChar(sql[i - 1])))
            {
                var close = sql.IndexOf(tag.Value, i + tag.Length, StringComparison.Ordinal);
                var end = close < 0 ? sql.Length : close + tag.Length;
                current.Append(sql, i, end - i);
                i = end;
            }
            else if (c == ';')
            {
                if (current.ToString().Trim() is { Length: > 0 } statement)
                {
                    yield return statement;
                }

                current.Clear();
                i++;
            }
            else
            {
                current.Append(c);
                i++;
            }
        }

        if (current.ToString().Trim() is { Length: > 0 } last)
        {
            yield return last;
        }
    }

    private static void ExpandInto(string statement, List<string> result, ref bool dynamic, int depth)
    {
        var block = DoBlock().Match(statement);
        if (!block.Success || depth > 8)
        {
            result.Add(statement);
            return;
        }

        var language = block.Groups["language"].Success ? block.Groups["language"].Value : block.Groups["after"].Value;
        if (!TryLiteral(block.Groups["body"].Value, out var body, out var rest) || rest.Trim().Length > 0
            || (language.Length > 0 && !language.Trim('"').Equals("plpgsql", StringComparison.OrdinalIgnoreCase)))
        {
            dynamic = true;
            return;
        }

        foreach (var piece in Split(body))
        {
            var code = piece;
            Match prefix;
            while ((prefix = ControlFlow().Match(code)).Success && prefix.Length > 0)
            {
                code = code[prefix.Length..];
            }

            code = code.Trim();
            if (code.Length == 0 || Skipped().IsMatch(code))
            {
                continue;
            }

            if (Execute().Match(code) is { Success: true } execute)
            {
                if (TryLiteral(execute.Groups["rest"].Value, out var text, out var after) && (after.Trim().Length == 0 || UsingOrInto().IsMatch(after)))
                {
                    foreach (var inner in Split(text))
                    {
                        ExpandInto(inner, result, ref dynamic, depth + 1);
                    }
                }
                else
                {
                    dynamic = true;
                }

                continue;
            }

            ExpandInto(code, result, ref dynamic, depth + 1);
        }
    }

    /// <summary>A string literal at the start of <paramref name="text"/> ('…', E'…' or $tag$…$tag$): its value and what follows.</summary>
    private static bool TryLiteral(string text, out string value, out string rest)
    {
        var start = text.Length - text.TrimStart().Length;
        (value, rest) = (string.Empty, text);
        if (start >= text.Length)
        {
            return false;
        }

        if (DollarTag().Match(text, start) is { Success: true } tag && tag.Index == start)
        {
            var close = text.IndexOf(tag.Value, start + tag.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            value = text[(start + tag.Length)..close];
            rest = text[(close + tag.Length)..];
            return true;
        }

        var escapes = text[start] is 'E' or 'e' && start + 1 < text.Length && text[start + 1] == '\'';
        var open = escapes ? start + 1 : start;
        if (text[open] != '\'')
        {
            return false;
        }

        var end = QuotedEnd(text, open, '\'', escapes);
        var inner = text[(open + 1)..Math.Max(open + 1, end - 1)];
        value = escapes ? Unescape(inner) : inner.Replace("''", "'", StringComparison.Ordinal);
        rest = text[end..];
        return true;
    }

    /// <summary>The value of an E'…' string's text, near enough for analysis (octal, hex and Unicode escapes are kept as written).</summary>
    private static string Unescape(string text)
    {
        var value = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                var next = text[++i];
                value.Append(next switch { 'n' => '\n', 'r' => '\r', 't' => '\t', 'b' => '\b', 'f' => '\f', _ => next });
            }
            else if (text[i] == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                value.Append('\'');
                i++;
            }
            else
            {
                value.Append(text[i]);
            }
        }

        return value.ToString();
    }

    private static int QuotedEnd(string sql, int open, char quote, bool backslashEscapes)
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

    /// <summary>Block comments nest in PostgreSQL.</summary>
    private static int BlockCommentEnd(string sql, int start)
    {
        var depth = 0;
        for (var i = start; i < sql.Length - 1; i++)
        {
            if (At(sql, i, "/*"))
            {
                depth++;
                i++;
            }
            else if (At(sql, i, "*/"))
            {
                i++;
                if (--depth == 0)
                {
                    return i + 1;
                }
            }
        }

        return sql.Length;
    }

    private static bool At(string text, int index, string what) => string.CompareOrdinal(text, index, what, 0, what.Length) == 0;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    [GeneratedRegex(@"\$[A-Za-z_][A-Za-z0-9_]*\$|\$\$")]
    private static partial Regex DollarTag();

    [GeneratedRegex(@"^\s*DO\s+(?:LANGUAGE\s+(?<language>\w+|""[^""]+"")\s+)?(?<body>.*?)(?:\s+LANGUAGE\s+(?<after>\w+|""[^""]+""))?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DoBlock();

    /// <summary>PL/pgSQL around the statements: labels, block keywords, conditions and loop heads.</summary>
    [GeneratedRegex(@"^\s*(?:<<\w+>>|DECLARE\b|BEGIN\b|ELSE\b|EXCEPTION\b|LOOP\b|END\s+(?:IF|LOOP|CASE)\b|END\b|CASE\b|(?:IF|ELSIF|ELSEIF|WHEN)\b.*?\bTHEN\b|(?:FOR|FOREACH|WHILE)\b.*?\bLOOP\b)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ControlFlow();

    /// <summary>PL/pgSQL statements that run no DDL or DML of their own (assignments and declarations, notices, returns).</summary>
    [GeneratedRegex(@"^(?:PERFORM|RAISE|RETURN|NULL|ASSERT|CONTINUE|EXIT|GET\s+(?:STACKED\s+)?DIAGNOSTICS)\b|^[A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_ .()\[\],]*)?\s*:=", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Skipped();

    [GeneratedRegex(@"^EXECUTE\b(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Execute();

    [GeneratedRegex(@"^\s*(?:USING|INTO)\b", RegexOptions.IgnoreCase)]
    private static partial Regex UsingOrInto();
}
