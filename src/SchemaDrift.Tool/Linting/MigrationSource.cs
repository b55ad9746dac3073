using System.Text;
using System.Text.RegularExpressions;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Linting;

/// <summary>One <c>migrationBuilder.X(...)</c> call of an <c>Up</c> method: the method, its first line, and where its statement ends.</summary>
public sealed record BuilderCall(string Method, int Line, int Start, int End);

/// <summary>A <c>// schemadrift-lint: ignore &lt;rule&gt; &lt;reason&gt;</c> comment of an <c>Up</c> method.</summary>
/// <param name="Rule">The rule id as written (empty when missing).</param>
/// <param name="Reason">Why the hazard is accepted (empty when missing).</param>
/// <param name="Line">The comment's line.</param>
/// <param name="Call">The call it is on or just above, or null when it is on none.</param>
public sealed record InlineSuppression(string Rule, string Reason, int Line, BuilderCall? Call);

/// <summary>
/// Reads a migration's <c>.cs</c> file: the line of <c>Up</c>, each <c>migrationBuilder</c> call in it (in order, one per
/// operation EF records), and the suppression comments. Strings and comments are skipped as C# has them (regular,
/// verbatim, raw and interpolated strings, character literals, line and block comments), so nothing inside a string is
/// taken for code.
/// </summary>
public sealed partial class MigrationSource
{
    public const string Marker = "schemadrift-lint:";

    private MigrationSource(int upLine, IReadOnlyList<BuilderCall> calls, IReadOnlyList<InlineSuppression> suppressions)
    {
        UpLine = upLine;
        Calls = calls;
        Suppressions = suppressions;
    }

    /// <summary>The 1-based line of the <c>Up</c> method's declaration (1 when not found).</summary>
    public int UpLine { get; }

    public IReadOnlyList<BuilderCall> Calls { get; }

    public IReadOnlyList<InlineSuppression> Suppressions { get; }

    public static MigrationSource Parse(string code)
    {
        var (mask, comments) = Scan(code);
        var lines = LineStarts(code);
        var up = UpMethod().Match(mask);
        if (!up.Success)
        {
            return new MigrationSource(1, [], []);
        }

        var open = mask.IndexOf('{', up.Index + up.Length);
        var close = open < 0 ? -1 : Matching(mask, open);
        if (close < 0)
        {
            return new MigrationSource(LineOf(lines, up.Index), [], []);
        }

        var calls = new List<BuilderCall>();
        var builder = up.Groups["builder"].Value;
        foreach (Match call in new Regex(@"(?<![\w.])" + Regex.Escape(builder) + @"\s*\.\s*(?<method>[A-Za-z_]\w*)").Matches(mask[..close], open))
        {
            calls.Add(new BuilderCall(call.Groups["method"].Value, LineOf(lines, call.Index), call.Index, StatementEnd(mask, call.Index, close)));
        }

        var suppressions = new List<InlineSuppression>();
        foreach (var (start, end, text) in comments.Where(c => c.Start > open && c.Start < close))
        {
            var body = text.Trim();
            if (!body.StartsWith(Marker, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var words = body[Marker.Length..].Trim().Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
            var isIgnore = words.Length > 0 && words[0].Equals("ignore", StringComparison.OrdinalIgnoreCase);
            var rule = isIgnore && words.Length > 1 ? words[1] : string.Empty;
            var reason = isIgnore && words.Length > 2 ? words[2].Trim() : string.Empty;
            // The call the comment is in, else the one it trails on the same line, else the one just below it.
            var target = calls.FirstOrDefault(c => start >= c.Start && start < c.End)
                ?? calls.FirstOrDefault(c => c.End <= start && mask[c.End..start].Trim().Length == 0 && !mask[c.End..start].Contains('\n', StringComparison.Ordinal))
                ?? calls.FirstOrDefault(c => c.Start >= end && mask[end..c.Start].Trim().Length == 0);
            suppressions.Add(new InlineSuppression(isIgnore ? rule : body[Marker.Length..].Trim(), reason, LineOf(lines, start), target));
        }

        return new MigrationSource(LineOf(lines, up.Index), calls, suppressions);
    }

    /// <summary>
    /// Which call each operation comes from: operations and calls are matched in order by name (a call to
    /// <c>CreateIndex</c> adds a <c>CreateIndex</c> operation), skipping calls that add none; an operation no call
    /// matches (added by a loop or a helper method) has none.
    /// </summary>
    public IReadOnlyList<BuilderCall?> Align(IReadOnlyList<string> operationTypes)
    {
        var result = new BuilderCall?[operationTypes.Count];
        var next = 0;
        for (var i = 0; i < operationTypes.Count; i++)
        {
            for (var k = next; k < Calls.Count; k++)
            {
                if (Calls[k].Method == operationTypes[i])
                {
                    result[i] = Calls[k];
                    next = k + 1;
                    break;
                }
            }
        }

        return result;
    }

    /// <summary>The code with every comment and the contents of every string and character literal blanked (newlines kept), and the comments.</summary>
    private static (string Mask, List<(int Start, int End, string Text)> Comments) Scan(string code)
    {
        var mask = new StringBuilder(code);
        var comments = new List<(int, int, string)>();
        void Blank(int from, int to)
        {
            for (var j = from; j < to && j < code.Length; j++)
            {
                if (code[j] is not ('\n' or '\r'))
                {
                    mask[j] = ' ';
                }
            }
        }

        var i = 0;
        while (i < code.Length)
        {
            var c = code[i];
            if (c == '/' && i + 1 < code.Length && code[i + 1] is '/' or '*')
            {
                var block = code[i + 1] == '*';
                var end = block ? code.IndexOf("*/", i + 2, StringComparison.Ordinal) : code.IndexOf('\n', i);
                end = end < 0 ? code.Length : block ? end + 2 : end;
                comments.Add((i, end, code[(i + 2)..(block ? Math.Max(i + 2, end - 2) : end)].TrimEnd('\r')));
                Blank(i, end);
                i = end;
            }
            else if (c == '\'')
            {
                var end = i + 1;
                while (end < code.Length && code[end] != '\'')
                {
                    end += code[end] == '\\' ? 2 : 1;
                }

                Blank(i + 1, end);
                i = end + 1;
            }
            else if (c is '"' or '@' or '$' && (i == 0 || !char.IsLetterOrDigit(code[i - 1])) && StringStart().Match(code, i) is { Success: true } start)
            {
                var prefix = start.Groups["prefix"].Value;
                var quotes = start.Groups["quotes"].Value.Length;
                var end = StringEnd(code, i + start.Length, quotes, verbatim: prefix.Contains('@', StringComparison.Ordinal));
                Blank(i + start.Length, end - Math.Min(quotes, end - i - start.Length));
                i = end;
            }
            else
            {
                i++;
            }
        }

        return (mask.ToString(), comments);
    }

    /// <summary>The index after the closing quotes of a string whose contents start at <paramref name="from"/>.</summary>
    private static int StringEnd(string code, int from, int quotes, bool verbatim)
    {
        var closing = new string('"', quotes);
        for (var i = from; i < code.Length; i++)
        {
            if (quotes >= 3)
            {
                if (string.CompareOrdinal(code, i, closing, 0, quotes) == 0)
                {
                    return i + quotes;
                }
            }
            else if (!verbatim && code[i] == '\\')
            {
                i++;
            }
            else if (code[i] == '"')
            {
                if (verbatim && i + 1 < code.Length && code[i + 1] == '"')
                {
                    i++;
                    continue;
                }

                return i + 1;
            }
        }

        return code.Length;
    }

    private static int Matching(string mask, int open)
    {
        var depth = 0;
        for (var i = open; i < mask.Length; i++)
        {
            if (mask[i] == '{')
            {
                depth++;
            }
            else if (mask[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The end of the statement a call starts: its <c>;</c> outside parentheses and braces.</summary>
    private static int StatementEnd(string mask, int start, int limit)
    {
        var depth = 0;
        for (var i = start; i < limit; i++)
        {
            switch (mask[i])
            {
                case '(' or '{' or '[':
                    depth++;
                    break;
                case ')' or '}' or ']':
                    depth--;
                    break;
                case ';' when depth <= 0:
                    return i + 1;
            }
        }

        return limit;
    }

    private static List<int> LineStarts(string code)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < code.Length; i++)
        {
            if (code[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int LineOf(List<int> starts, int offset)
    {
        var index = starts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }

    [GeneratedRegex(@"\boverride\s+void\s+Up\s*\(\s*(?:[\w.]+\.)?MigrationBuilder\s+(?<builder>@?\w+)\s*\)")]
    private static partial Regex UpMethod();

    /// <summary>The opening of a string literal: <c>"</c>, <c>@"</c>, <c>$"</c>, <c>$@"</c>, <c>@$"</c>, raw <c>"""</c> (with any <c>$</c>).</summary>
    [GeneratedRegex(@"\G(?<prefix>\$*@?\$*)(?<quotes>""{3,}|"")")]
    private static partial Regex StringStart();
}
