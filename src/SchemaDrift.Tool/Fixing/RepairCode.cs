using System.Globalization;
using System.Text;
using SchemaDrift.Postgres.Repair;

namespace SchemaDrift.Tool.Fixing;

/// <summary>
/// The body of a corrective migration's <c>Up</c> as C#: for each command of the repair, a comment naming the drift it
/// repairs, then one <c>migrationBuilder.Sql(@"…")</c>. The C# always builds and reads as the SQL does: the SQL's line
/// breaks and tabs stay in verbatim strings, and every character C# would read as a line break or a reader could not
/// see (U+2028, U+2029, U+0085, other control and format characters) is written as an escape in a regular string.
/// </summary>
public static class RepairCode
{
    /// <summary>
    /// One element per C# statement, comment or blank line. The host indents each element's first line; a line break
    /// inside an element is inside a verbatim string and must be left as it is.
    /// </summary>
    public static IReadOnlyList<string> Lines(IReadOnlyList<RepairCommand> commands)
    {
        var lines = new List<string>();
        for (var i = 0; i < commands.Count; i++)
        {
            if (i > 0)
            {
                lines.Add(string.Empty);
            }

            lines.Add("// " + Comment(commands[i].Comment));
            lines.Add("migrationBuilder.Sql(" + Literal(commands[i].Sql) + ");");
        }

        return lines;
    }

    /// <summary>Text for one <c>//</c> comment: nothing in it can end the line, and invisible characters show as <c>\uXXXX</c>.</summary>
    public static string Comment(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var (value, chars) in CodePoints(text))
        {
            result.Append(Invisible(value) ? Escape(value) : chars);
        }

        return result.ToString();
    }

    /// <summary>
    /// A C# expression whose value is <paramref name="text"/>: verbatim strings (<c>@"…"</c>) joined with <c>+</c> to
    /// regular strings holding escapes. Line breaks and tabs outside SQL quotes lay the SQL out and stay as they are;
    /// inside quoted names and literals they are escaped, so that a checkout that changes line endings cannot change a name.
    /// </summary>
    public static string Literal(string text)
    {
        var parts = new List<string>();
        var verbatim = new StringBuilder();
        var escaped = new StringBuilder();
        var (inName, inLiteral) = (false, false);

        void Flush(StringBuilder part, bool isVerbatim)
        {
            if (part.Length > 0)
            {
                parts.Add(isVerbatim ? "@\"" + part + "\"" : "\"" + part + "\"");
                part.Clear();
            }
        }

        foreach (var (c, chars) in CodePoints(text))
        {
            var layout = (c == '\n' || c == '\t') && !inName && !inLiteral;
            if (!layout && Invisible(c))
            {
                Flush(verbatim, isVerbatim: true);
                escaped.Append(Escape(c));
                continue;
            }

            Flush(escaped, isVerbatim: false);
            if (c == '"')
            {
                inName ^= !inLiteral;
                verbatim.Append("\"\"");
            }
            else
            {
                inLiteral ^= c == '\'' && !inName;
                verbatim.Append(chars);
            }
        }

        Flush(verbatim, isVerbatim: true);
        Flush(escaped, isVerbatim: false);
        return parts.Count == 0 ? "\"\"" : string.Join(" + ", parts);
    }

    /// <summary>
    /// Characters a reader cannot see or that C# reads as a line break: control (U+0085 too), format, line and paragraph
    /// separators, private use, unassigned, and a surrogate without its pair.
    /// </summary>
    private static bool Invisible(int value) =>
        value is >= 0xD800 and <= 0xDFFF
        || Rune.GetUnicodeCategory(new Rune(value)) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse;

    private static string Escape(int value) => value switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        0 => "\\0",
        < 0x10000 => string.Create(CultureInfo.InvariantCulture, $"\\u{value:X4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"\\U{value:X8}"),
    };

    /// <summary>The text's code points with their UTF-16 text; a surrogate without its pair is a code point of its own.</summary>
    private static IEnumerable<(int Value, string Chars)> CodePoints(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                yield return (char.ConvertToUtf32(text[i], text[i + 1]), text.Substring(i++, 2));
            }
            else
            {
                yield return (text[i], text[i].ToString());
            }
        }
    }
}
