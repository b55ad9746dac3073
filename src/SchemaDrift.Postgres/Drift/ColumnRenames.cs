using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Drift;

/// <summary>A column the expected schema has and the actual one lacks, and the extra column that likely is it, renamed.</summary>
/// <param name="Extra">The column only the actual schema has (its name is the one to give back).</param>
/// <param name="Missing">The column only the expected schema has.</param>
public sealed record ColumnRename(DbColumn Extra, DbColumn Missing)
{
    public QualifiedName Table => Missing.Table;

    /// <summary><c>ALTER TABLE … RENAME COLUMN extra TO missing;</c>: keeps the column's data, indexes and constraints.</summary>
    public SqlStatement Statement => new(DdlWriter.AlterTable(Table, $"RENAME COLUMN {SqlText.Ident(Extra.Name)} TO {SqlText.Ident(Missing.Name)}"));
}

/// <summary>
/// Pairs missing and extra columns that are likely one column renamed by hand: in the same table, one column only the
/// expected schema has and one only the actual schema has, whose type converts to the expected one without loss
/// (the same type, or a wider one: <c>varchar(20)</c> → <c>text</c>). Only unambiguous pairs count: a missing column
/// with exactly one such extra column that matches no other missing one. Pure: no database.
/// </summary>
public static class ColumnRenames
{
    /// <param name="diff"><c>Compare(actual, expected)</c>.</param>
    public static IReadOnlyList<ColumnRename> Find(DiffResult diff, SchemaSnapshot actual, SchemaSnapshot expected)
    {
        var missing = Columns(diff, ChangeKind.AddColumn, expected);
        var extra = Columns(diff, ChangeKind.DropColumn, actual);
        if (missing.Count == 0 || extra.Count == 0)
        {
            return [];
        }

        var renames = new List<ColumnRename>();
        foreach (var table in missing.Select(c => c.Table).Distinct())
        {
            var wanted = missing.Where(c => c.Table == table).ToList();
            var spare = extra.Where(c => c.Table == table).ToList();
            foreach (var column in wanted)
            {
                var candidates = spare.Where(e => Compatible(e, column)).ToList();
                if (candidates.Count == 1 && wanted.Count(w => Compatible(candidates[0], w)) == 1)
                {
                    renames.Add(new ColumnRename(candidates[0], column));
                }
            }
        }

        return renames;
    }

    /// <summary>
    /// Whether <paramref name="extra"/> can be <paramref name="missing"/> renamed: its values convert to the missing
    /// column's type without loss, or it is of the same family with another size (<c>text</c> for <c>varchar(200)</c>:
    /// converting back can cut values, so that repair is destructive). Generated and inherited columns never pair:
    /// their values are not the column's own.
    /// </summary>
    public static bool Compatible(DbColumn extra, DbColumn missing) =>
        extra.GeneratedExpression is null && missing.GeneratedExpression is null && !extra.Inherited && !missing.Inherited
        && ChangeClassifier.Conversion(extra.DataType, missing.DataType) switch
        {
            TypeConversion.BinaryCoercible or TypeConversion.Widening => true,
            TypeConversion.Narrowing => Family(extra.DataType) == Family(missing.DataType),
            _ => false,
        };

    /// <summary>Types whose values mean the same thing at another size: strings, numbers, points in time.</summary>
    private static string Family(string type)
    {
        var paren = type.IndexOf('(', StringComparison.Ordinal);
        var name = (paren < 0 ? type : type[..paren]).Replace("[]", string.Empty, StringComparison.Ordinal).Trim();
        var arrays = type.Length - type.Replace("[]", string.Empty, StringComparison.Ordinal).Length;
        var family = name switch
        {
            "text" or "character varying" or "character" => "string",
            "smallint" or "integer" or "bigint" or "numeric" or "real" or "double precision" => "number",
            "date" or "timestamp without time zone" or "timestamp with time zone" => "time",
            _ => name,
        };
        return family + arrays;
    }

    /// <summary>
    /// The actual schema as it is once the renames ran: each extra column carries the missing column's name (in its
    /// table, in the column lists of its constraints and indexes, and in the dependencies), everything else unchanged.
    /// Compared with the expected schema, what remains of a rename is the column's other differences.
    /// </summary>
    public static SchemaSnapshot Apply(SchemaSnapshot actual, IReadOnlyList<ColumnRename> renames)
    {
        if (renames.Count == 0)
        {
            return actual;
        }

        var byTable = renames.GroupBy(r => r.Table).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Extra.Name, r => r.Missing.Name, StringComparer.Ordinal));
        var keys = renames.ToDictionary(r => r.Extra.Key, r => "column:" + r.Table + "." + r.Missing.Name, StringComparer.Ordinal);
        string Name(QualifiedName table, string column) =>
            byTable.TryGetValue(table, out var names) && names.TryGetValue(column, out var renamed) ? renamed : column;
        ValueList<string> Names(QualifiedName table, ValueList<string> columns) =>
            byTable.ContainsKey(table) ? columns.Select(c => Name(table, c)).ToValueList() : columns;

        return actual with
        {
            Tables = actual.Tables.Select(t => byTable.ContainsKey(t.Name)
                ? t with { Columns = t.Columns.Select(c => Name(t.Name, c.Name) is var name && name != c.Name ? Renamed(c, name) : c).ToValueList() }
                : t).ToValueList(),
            Constraints = actual.Constraints.Select(c => byTable.ContainsKey(c.Table) ? c with { Columns = Names(c.Table, c.Columns) } : c).ToValueList(),
            Indexes = actual.Indexes.Select(i => byTable.ContainsKey(i.Table) ? i with { Columns = Names(i.Table, i.Columns) } : i).ToValueList(),
            Dependencies = actual.Dependencies.Select(d => keys.ContainsKey(d.DependentKey) || keys.ContainsKey(d.ReferencedKey)
                ? new DbDependency(keys.GetValueOrDefault(d.DependentKey, d.DependentKey), keys.GetValueOrDefault(d.ReferencedKey, d.ReferencedKey))
                : d).ToValueList(),
        };
    }

    /// <summary>A new record, so that its key is computed from the new name.</summary>
    private static DbColumn Renamed(DbColumn c, string name) =>
        new(c.Table, name, c.DataType, c.NotNull, c.Default, c.Identity, c.IdentityOptions, c.GeneratedExpression, c.Collation, c.Inherited, c.Comment);

    private static List<DbColumn> Columns(DiffResult diff, ChangeKind kind, SchemaSnapshot snapshot)
    {
        var keys = diff.Changes.Where(c => c.Kind == kind).Select(c => c.ObjectKey).ToHashSet(StringComparer.Ordinal);
        return keys.Count == 0 ? [] : snapshot.Tables.SelectMany(t => t.Columns).Where(c => keys.Contains(c.Key)).ToList();
    }
}
