using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Apply;

/// <summary>What one statement of a migration does to existing tables, as read from its SQL.</summary>
/// <param name="Lock">The strongest table lock it takes (PostgreSQL's name, e.g. ACCESS EXCLUSIVE), or null for none on existing tables.</param>
/// <param name="Tables">The tables it locks or changes, as written in the SQL (quoted where the SQL quotes them).</param>
/// <param name="DroppedTables">Tables it drops.</param>
/// <param name="DroppedColumns">(table, column) pairs it drops.</param>
/// <param name="TypeChanges">(table, column, new type) of ALTER COLUMN ... TYPE.</param>
/// <param name="Truncated">Tables it empties.</param>
public sealed record StatementEffects(
    string? Lock,
    IReadOnlyList<string> Tables,
    IReadOnlyList<string> DroppedTables,
    IReadOnlyList<(string Table, string Column)> DroppedColumns,
    IReadOnlyList<(string Table, string Column, string NewType)> TypeChanges,
    IReadOnlyList<string> Truncated)
{
    /// <summary>A <c>DO</c> block builds SQL at run time (<c>EXECUTE</c> of an expression) or is not PL/pgSQL: what it runs cannot be read.</summary>
    public bool RunsDynamicSql { get; init; }
}

/// <summary>
/// Reads the statements EF Core's Npgsql provider generates (and common hand-written SQL) for the locks they take and
/// the data they can destroy. The SQL is what runs, so it is what is judged, however it is packaged: the statements
/// inside <c>DO</c> blocks and their <c>EXECUTE</c>d strings count as well (<see cref="SqlStatements"/>). Whether a
/// type change narrows is decided later against the live column's type.
/// </summary>
public static partial class StatementAnalyzer
{
    private const string Ident = SqlStatements.Ident;
    private const string Qualified = SqlStatements.Qualified;

    private static readonly string[] Order = ["ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE", "SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"];

    public static StatementEffects Analyze(string sql)
    {
        string? strongest = null;
        var tables = new List<string>();
        var droppedTables = new List<string>();
        var droppedColumns = new List<(string, string)>();
        var typeChanges = new List<(string, string, string)>();
        var truncated = new List<string>();

        void Take(string mode, string table)
        {
            if (strongest is null || Array.IndexOf(Order, mode) > Array.IndexOf(Order, strongest))
            {
                strongest = mode;
            }

            table = Normalize(table);
            if (!tables.Contains(table, StringComparer.Ordinal))
            {
                tables.Add(table);
            }
        }

        var statements = SqlStatements.Expand(sql, out var dynamic);
        foreach (var statement in statements)
        {
            Match match;
            if ((match = CreateIndex().Match(statement)).Success)
            {
                Take(match.Groups["concurrently"].Success ? "SHARE UPDATE EXCLUSIVE" : "SHARE", match.Groups["table"].Value);
            }
            else if ((match = AlterTable().Match(statement)).Success)
            {
                var table = match.Groups["table"].Value;
                var rest = match.Groups["rest"].Value;
                var onlyForeignKeys = true;
                foreach (var clause in SplitClauses(rest))
                {
                    if (ForeignKey().Match(clause) is { Success: true } fk)
                    {
                        Take("SHARE ROW EXCLUSIVE", fk.Groups["referenced"].Value);
                        continue;
                    }

                    if (Validate().IsMatch(clause))
                    {
                        Take("SHARE UPDATE EXCLUSIVE", table);
                        continue;
                    }

                    onlyForeignKeys = false;
                    if (DropColumn().Match(clause) is { Success: true } drop)
                    {
                        droppedColumns.Add((Normalize(table), Unquote(drop.Groups["column"].Value)));
                    }
                    else if (AlterType().Match(clause) is { Success: true } type)
                    {
                        typeChanges.Add((Normalize(table), Unquote(type.Groups["column"].Value), type.Groups["type"].Value.Trim()));
                    }
                }

                Take(onlyForeignKeys ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE", table);
            }
            else if ((match = DropTable().Match(statement)).Success)
            {
                foreach (Match name in QualifiedName().Matches(match.Groups["tables"].Value))
                {
                    Take("ACCESS EXCLUSIVE", name.Value);
                    droppedTables.Add(Normalize(name.Value));
                }
            }
            else if ((match = DropIndex().Match(statement)).Success)
            {
                Take(match.Groups["concurrently"].Success ? "SHARE UPDATE EXCLUSIVE" : "ACCESS EXCLUSIVE", match.Groups["index"].Value);
            }
            else if ((match = Truncate().Match(statement)).Success)
            {
                foreach (Match name in QualifiedName().Matches(match.Groups["tables"].Value))
                {
                    Take("ACCESS EXCLUSIVE", name.Value);
                    truncated.Add(Normalize(name.Value));
                }
            }
            else if ((match = CreateTable().Match(statement)).Success)
            {
                foreach (Match reference in References().Matches(statement))
                {
                    Take("SHARE ROW EXCLUSIVE", reference.Groups["referenced"].Value);
                }
            }
            else if ((match = Dml().Match(statement)).Success)
            {
                Take("ROW EXCLUSIVE", match.Groups["table"].Value);
            }
            else if ((match = RenameOrAlterOther().Match(statement)).Success)
            {
                Take("ACCESS EXCLUSIVE", match.Groups["name"].Value);
            }
        }

        return new StatementEffects(strongest, tables, droppedTables, droppedColumns, typeChanges, truncated) { RunsDynamicSql = dynamic };
    }

    /// <summary>An identifier as PostgreSQL resolves it: quoted ones verbatim, unquoted ones lower-cased.</summary>
    public static string Unquote(string identifier) =>
        identifier.StartsWith('"') ? identifier[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : identifier.ToLowerInvariant();

    /// <summary>A qualified name with the whitespace around its dot removed, as to_regclass accepts it.</summary>
    public static string Normalize(string qualified) => DotSpace().Replace(qualified.Trim(), ".");

    /// <summary>Splits the clauses of ALTER TABLE at top-level commas.</summary>
    private static IEnumerable<string> SplitClauses(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?<concurrently>CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?:" + Ident + @"\s+)?ON\s+(?:ONLY\s+)?(?<table>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^\s*ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?<table>" + Qualified + @")\s+(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"FOREIGN\s+KEY\s*\(.*?\)\s*REFERENCES\s+(?<referenced>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ForeignKey();

    [GeneratedRegex(@"REFERENCES\s+(?<referenced>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex References();

    [GeneratedRegex(@"^\s*VALIDATE\s+CONSTRAINT\b", RegexOptions.IgnoreCase)]
    private static partial Regex Validate();

    [GeneratedRegex(@"^\s*DROP\s+(?:COLUMN\s+)?(?:IF\s+EXISTS\s+)?(?<column>" + Ident + @")\s*(?:CASCADE|RESTRICT)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropColumn();

    [GeneratedRegex(@"^\s*ALTER\s+(?:COLUMN\s+)?(?<column>" + Ident + @")\s+(?:SET\s+DATA\s+)?TYPE\s+(?<type>(?:[^()]|\([^)]*\))+?)(?:\s+COLLATE\b.*|\s+USING\b.*)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AlterType();

    [GeneratedRegex(@"^\s*DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?<tables>.*?)(?:\s+CASCADE|\s+RESTRICT)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropTable();

    [GeneratedRegex(@"^\s*DROP\s+INDEX\s+(?<concurrently>CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(?<index>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex DropIndex();

    [GeneratedRegex(@"^\s*TRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?(?<tables>.*?)(?:\s+(?:RESTART|CONTINUE)\s+IDENTITY)?(?:\s+CASCADE|\s+RESTRICT)?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Truncate();

    [GeneratedRegex(@"^\s*CREATE\s+(?:UNLOGGED\s+)?TABLE\b", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^\s*(?:INSERT\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?)\s+(?<table>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Dml();

    [GeneratedRegex(@"^\s*(?:ALTER\s+(?:SEQUENCE|INDEX|MATERIALIZED\s+VIEW|VIEW)|DROP\s+(?:SEQUENCE|MATERIALIZED\s+VIEW|VIEW))\s+(?:IF\s+EXISTS\s+)?(?<name>" + Qualified + ")", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex RenameOrAlterOther();

    [GeneratedRegex(Qualified)]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"\s*\.\s*")]
    private static partial Regex DotSpace();

}
