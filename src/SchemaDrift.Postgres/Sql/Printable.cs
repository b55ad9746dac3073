using System.Globalization;
using System.Text;

namespace SchemaDrift.Postgres.Sql;

/// <summary>
/// The one place where text from databases and applications (names, comments, server messages) is made safe for
/// people to read. Control characters (C0, DEL, C1), the line and paragraph separators and the bidirectional
/// controls are written as escapes (<c>\n</c>, <c>\r</c>, <c>\t</c>, else <c>\u001b</c>), so a name can neither
/// drive a terminal (an ANSI escape sequence), reorder what is shown, nor split a line: a finding, a Markdown table
/// row, or a SQL comment that a newline would end early. Backslashes are left as they are (paths stay readable).
/// </summary>
public static class Printable
{
    /// <summary>One line: every character that is not safe to print is escaped, line breaks included.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var first = FirstUnsafe(text, keepLineFeeds: false);
        return first < 0 ? text : Write(text, first, keepLineFeeds: false);
    }

    /// <summary>
    /// Several lines (an SQL statement, a stack trace, build output): line feeds stay line breaks (a CR before one is
    /// dropped), every other unsafe character is escaped, a lone CR included.
    /// </summary>
    public static string Lines(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var normalised = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var first = FirstUnsafe(normalised, keepLineFeeds: true);
        return first < 0 ? normalised : Write(normalised, first, keepLineFeeds: true);
    }

    /// <summary>
    /// An SQL comment of several lines (a title, a statement shown but not run): each line of <paramref name="text"/> escaped and prefixed with <paramref name="prefix"/>, so no
    /// character of it can end the comment (PostgreSQL ends a <c>--</c> comment at a line feed or a carriage return).
    /// Ends with a line feed.
    /// </summary>
    public static string Comment(string? text, string prefix = "-- ")
    {
        var builder = new StringBuilder();
        foreach (var line in Lines(text).Split('\n'))
        {
            builder.Append(prefix).Append(line).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// An SQL statement shown but not run (a withheld statement), as a comment of one line per line of the statement;
    /// a line break inside a quoted identifier is escaped like the rest of the name, so a name never splits a line.
    /// </summary>
    public static string CommentedSql(string? sql, string prefix = "-- ") => Comment(NamesOnOneLine(sql), prefix);

    /// <summary>An SQL statement on one line for people: its line breaks become spaces, those inside a quoted identifier escapes.</summary>
    public static string SqlLine(string? sql) =>
        Escape(NamesOnOneLine(sql).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' '));

    /// <summary>The SQL with the line breaks inside quoted identifiers (not literals) written as escapes.</summary>
    private static string NamesOnOneLine(string? sql)
    {
        sql ??= string.Empty;
        var text = new StringBuilder(sql.Length);
        var (identifier, literal) = (false, false);
        foreach (var c in sql)
        {
            identifier ^= c == '"' && !literal;
            literal ^= c == '\'' && !identifier;
            text.Append(identifier && c is '\n' or '\r' ? (c == '\n' ? "\\n" : "\\r") : c.ToString());
        }

        return text.ToString();
    }

    /// <summary>A one-line SQL comment: <paramref name="text"/> escaped (its line breaks too) after <paramref name="prefix"/>; ends with a line feed.</summary>
    public static string CommentLine(string? text, string prefix = "-- ") => prefix + Escape(text) + "\n";

    /// <summary>Whether <paramref name="c"/> is written as an escape.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || (c >= 0x7f && c <= 0x9f) || c is '\u2028' or '\u2029' or '\u061c' or '\u200e' or '\u200f'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');

    private static int FirstUnsafe(string text, bool keepLineFeeds)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((IsUnsafe(c) && !(keepLineFeeds && c == '\n')) || LoneSurrogate(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Write(string text, int first, bool keepLineFeeds)
    {
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (keepLineFeeds && c == '\n')
            {
                builder.Append(c);
            }
            else if (IsUnsafe(c) || LoneSurrogate(text, i))
            {
                builder.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Half of a surrogate pair without its other half: no character at all, printed as an escape.</summary>
    private static bool LoneSurrogate(string text, int i)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]));
    }
}
