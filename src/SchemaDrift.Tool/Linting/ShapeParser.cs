using System.Text.RegularExpressions;

namespace SchemaDrift.Tool.Linting;

/// <summary>Reads one statement (comments removed) into the <see cref="Shape"/> the rules judge.</summary>
internal static class ShapeParser
{
    public static Shape Parse(string statement)
    {
        var masked = LintSql.Mask(statement);
        Match m;
        if ((m = LintPatterns.CreateTable().Match(masked)).Success)
        {
            return CreateTable(statement, m);
        }

        if ((m = LintPatterns.CreateIndex().Match(masked)).Success)
        {
            return new CreateIndexShape(
                m.Groups["name"].Success ? LintSql.Name(m.Groups["name"].Value) : null,
                LintSql.Table(m.Groups["table"].Value), m.Groups["concurrently"].Success, m.Groups["unique"].Success);
        }

        if ((m = LintPatterns.DropIndex().Match(masked)).Success)
        {
            var names = LintSql.SplitTopLevel(m.Groups["names"].Value).Select(LintSql.Split).ToList();
            return new DropIndexShape(names, m.Groups["concurrently"].Success);
        }

        if ((m = LintPatterns.AlterTable().Match(masked)).Success)
        {
            var table = LintSql.Table(m.Groups["table"].Value);
            var rest = statement[m.Groups["rest"].Index..];
            return new AlterTableShape(table, LintSql.SplitTopLevel(rest).Select(c => Clause(c, table)).ToList());
        }

        if ((m = LintPatterns.DropTable().Match(masked)).Success)
        {
            return new DropTableShape(LintSql.SplitTopLevel(m.Groups["tables"].Value).Select(LintSql.Table).ToList());
        }

        if ((m = LintPatterns.CreateMaterializedView().Match(masked)).Success)
        {
            return new CreateMaterializedViewShape(LintSql.Table(m.Groups["view"].Value));
        }

        if ((m = LintPatterns.AddEnumValue().Match(statement)).Success)
        {
            return new AddEnumValueShape(LintSql.Table(m.Groups["type"].Value), m.Groups["value"].Value);
        }

        if ((m = LintPatterns.Update().Match(masked)).Success || (m = LintPatterns.Delete().Match(masked)).Success)
        {
            var verb = masked.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase) ? "UPDATE" : "DELETE";
            return new DataChangeShape(verb, LintSql.Table(m.Groups["table"].Value), Where(masked, m.Groups["rest"].Index));
        }

        if ((m = LintPatterns.Vacuum().Match(masked)).Success)
        {
            var options = m.Groups["options"].Value;
            var rest = m.Groups["rest"].Value;
            var full = Regex.IsMatch(rest, @"^\s*FULL\b", RegexOptions.IgnoreCase)
                || Regex.IsMatch(options, @"\bFULL\b(?!\s*(?:false|off|0)\b)", RegexOptions.IgnoreCase);
            var tables = Regex.Replace(rest, @"^\s*(?:(?:FULL|FREEZE|VERBOSE|ANALYZE|ANALYSE)\b\s*)*", string.Empty, RegexOptions.IgnoreCase);
            var names = LintSql.SplitTopLevel(Regex.Replace(tables, @"\([^)]*\)", string.Empty))
                .Where(t => LintPatterns.QualifiedName().IsMatch(t)).Select(LintSql.Table).ToList();
            return new VacuumShape(full, names);
        }

        if ((m = LintPatterns.Cluster().Match(masked)).Success)
        {
            return new ClusterShape(m.Groups["table"].Success ? LintSql.Table(m.Groups["table"].Value) : null);
        }

        if ((m = LintPatterns.Reindex().Match(masked)).Success)
        {
            var concurrently = m.Groups["concurrently"].Success || Regex.IsMatch(m.Groups["options"].Value, @"\bCONCURRENTLY\b(?!\s*(?:false|off|0)\b)", RegexOptions.IgnoreCase);
            return new ReindexShape(m.Groups["kind"].Value.ToUpperInvariant(), m.Groups["name"].Success ? m.Groups["name"].Value : null, concurrently);
        }

        if ((m = LintPatterns.Refresh().Match(masked)).Success)
        {
            return new RefreshShape(LintSql.Table(m.Groups["view"].Value), m.Groups["concurrently"].Success);
        }

        if ((m = LintPatterns.SetLockTimeout().Match(statement)).Success)
        {
            return new SetLockTimeoutShape(m.Groups["local"].Value.Trim().Equals("LOCAL", StringComparison.OrdinalIgnoreCase)
                || m.Groups["islocal"].Value.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return new OtherShape();
    }

    /// <summary>A column definition (<c>"Name" type constraints…</c>), or null when it is not one.</summary>
    public static ColumnDef? Column(string definition)
    {
        var masked = LintSql.Mask(definition);
        var m = LintPatterns.ColumnDefinition().Match(masked);
        if (!m.Success)
        {
            return null;
        }

        var after = m.Groups["type"].Index + m.Groups["type"].Length;
        return new ColumnDef(LintSql.Name(m.Groups["name"].Value), m.Groups["type"].Value.Trim(), masked[after..], definition[after..]);
    }

    private static CreateTableShape CreateTable(string statement, Match m)
    {
        var table = LintSql.Table(m.Groups["table"].Value);
        var rest = m.Groups["rest"];
        var columns = new List<ColumnDef>();
        var key = new List<string>();
        string? keyName = null;
        if (!rest.Value.StartsWith('('))
        {
            return new CreateTableShape(table, columns, key, keyName);
        }

        var (body, _) = LintSql.Parenthesized(statement, rest.Index);
        foreach (var element in LintSql.SplitTopLevel(body))
        {
            var masked = LintSql.Mask(element);
            if (Regex.Match(masked, @"^(?:CONSTRAINT\s+(?<name>" + LintSql.Ident + @")\s+)?PRIMARY\s+KEY\b", RegexOptions.IgnoreCase) is { Success: true } primary)
            {
                key.AddRange(Columns(element, masked.IndexOf('(', StringComparison.Ordinal)));
                keyName = primary.Groups["name"].Success ? LintSql.Name(primary.Groups["name"].Value) : null;
            }
            else if (!Regex.IsMatch(masked, @"^(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE|LIKE)\b", RegexOptions.IgnoreCase) && Column(element) is { } column)
            {
                columns.Add(column);
                if (LintPatterns.PrimaryKey().IsMatch(column.Rest))
                {
                    key.Add(column.Name);
                }
            }
        }

        return new CreateTableShape(table, columns, key, keyName);
    }

    private static Clause Clause(string text, string table)
    {
        var masked = LintSql.Mask(text);
        Match m;
        if ((m = LintPatterns.AddConstraint().Match(masked)).Success)
        {
            var kind = Regex.Replace(m.Groups["kind"].Value.ToUpperInvariant(), @"\s+", " ");
            var restIndex = m.Groups["rest"].Index;
            var open = masked.IndexOf('(', restIndex);
            var columns = kind is "UNIQUE" or "PRIMARY KEY" or "FOREIGN KEY" && open >= 0 && masked[restIndex..open].Trim().Length == 0
                ? Columns(text, open)
                : [];
            string? notNull = null;
            if (kind == "CHECK" && open >= 0 && LintPatterns.IsNotNullCheck().Match(LintSql.Parenthesized(masked, open).Inner) is { Success: true } check)
            {
                notNull = LintSql.Name(check.Groups["column"].Value);
            }

            return new AddConstraintClause(
                m.Groups["name"].Success ? LintSql.Name(m.Groups["name"].Value) : null,
                kind,
                columns,
                notNull,
                LintPatterns.References().Match(masked) is { Success: true } r ? LintSql.Table(r.Groups["table"].Value) : null,
                LintPatterns.NotValid().IsMatch(masked),
                LintPatterns.UsingIndex().Match(masked) is { Success: true } u ? LintSql.Name(u.Groups["index"].Value) : null);
        }

        if ((m = LintPatterns.ValidateConstraint().Match(masked)).Success)
        {
            return new ValidateConstraintClause(LintSql.Name(m.Groups["name"].Value));
        }

        if ((m = LintPatterns.DropConstraint().Match(masked)).Success)
        {
            return new DropConstraintClause(LintSql.Name(m.Groups["name"].Value));
        }

        if ((m = LintPatterns.AddColumn().Match(masked)).Success)
        {
            return Column(text[m.Groups["column"].Index..]) is { } column ? new AddColumnClause(column) : new OtherClause();
        }

        if ((m = LintPatterns.DropColumn().Match(masked)).Success)
        {
            return new DropColumnClause(LintSql.Name(m.Groups["column"].Value));
        }

        if ((m = LintPatterns.AlterType().Match(masked)).Success)
        {
            return new AlterTypeClause(LintSql.Name(m.Groups["column"].Value), m.Groups["type"].Value.Trim());
        }

        if ((m = LintPatterns.SetNotNull().Match(masked)).Success)
        {
            return new SetNotNullClause(LintSql.Name(m.Groups["column"].Value));
        }

        if ((m = LintPatterns.RenameConstraint().Match(masked)).Success)
        {
            return new RenameConstraintClause(LintSql.Name(m.Groups["from"].Value), LintSql.Name(m.Groups["to"].Value));
        }

        if ((m = LintPatterns.RenameTable().Match(masked)).Success)
        {
            return new RenameTableClause(LintSql.SchemaOf(table) + "." + LintSql.Name(m.Groups["to"].Value));
        }

        if ((m = LintPatterns.RenameColumn().Match(masked)).Success)
        {
            return new RenameColumnClause(LintSql.Name(m.Groups["from"].Value), LintSql.Name(m.Groups["to"].Value));
        }

        if ((m = LintPatterns.SetSchema().Match(masked)).Success)
        {
            return new RenameTableClause(LintSql.Name(m.Groups["schema"].Value) + "." + LintSql.NameOf(table));
        }

        if ((m = LintPatterns.Rewrite().Match(masked)).Success)
        {
            return new RewriteClause("SET " + Regex.Replace(m.Groups["setting"].Value.ToUpperInvariant(), @"\s+", " "));
        }

        return new OtherClause();
    }

    /// <summary>The column names in the parentheses that open at <paramref name="open"/>.</summary>
    private static IReadOnlyList<string> Columns(string text, int open) =>
        open < 0 ? [] : LintSql.SplitTopLevel(LintSql.Parenthesized(text, open).Inner)
            .Select(c => LintPatterns.Identifier().Match(c) is { Success: true } id ? LintSql.Name(id.Value) : c)
            .ToList();

    private static bool IsWord(string text, int i, string word) =>
        string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0
        && (i == 0 || !IsIdentChar(text[i - 1]))
        && (i + word.Length >= text.Length || !IsIdentChar(text[i + word.Length]));

    private static bool IsIdentChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$' or '"';

    /// <summary>The WHERE clause of a data change at its top level (not one inside a sub-query), or null.</summary>
    private static string? Where(string masked, int start)
    {
        var depth = 0;
        for (var i = start; i < masked.Length; i++)
        {
            switch (masked[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (depth == 0 && IsWord(masked, i, "WHERE"))
                    {
                        var end = Regex.Match(masked[(i + 5)..], @"\bRETURNING\b", RegexOptions.IgnoreCase) is { Success: true } r ? i + 5 + r.Index : masked.Length;
                        return masked[(i + 5)..end].Trim();
                    }

                    break;
            }
        }

        return null;
    }
}
