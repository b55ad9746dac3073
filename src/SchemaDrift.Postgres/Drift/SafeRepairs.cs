using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Drift;

/// <summary>
/// Repairs that must work on tables that hold rows. A required column is added with its default (PostgreSQL fills the
/// rows), a column made required again gets its default where it holds NULL first; where no value can be known, no
/// statement is written and the repair names what a person must decide. A comment only the drifted schema has is
/// someone's information: removing it counts as destructive.
/// </summary>
public static class SafeRepairs
{
    public static RepairAction For(SchemaChange change, IReadOnlyDictionary<string, ISchemaObject> expected)
    {
        var destructive = change.IsDestructive || (change.Kind == ChangeKind.ChangeComment && change.After is null);
        var statements = change.Statements;
        switch (change.Kind)
        {
            case ChangeKind.AddColumn when expected.GetValueOrDefault(change.ObjectKey) is DbColumn column && NeedsValue(column):
                return new RepairAction(change.Kind, ValueList<SqlStatement>.Empty, destructive, Decision:
                    $"column {column.DisplayName} is required (NOT NULL) and has no default, so the rows {column.Table} may hold need a value. " +
                    $"Decide it: add it with a value for those rows ({DdlWriter.AddColumn(column).TrimEnd(';')} DEFAULT <value>, then DROP DEFAULT if the code gives it none), " +
                    "fill it from other data, or make the property optional.");

            case ChangeKind.AlterColumnNullability when expected.GetValueOrDefault(change.ObjectKey) is DbColumn { NotNull: true } column:
                if (NeedsValue(column))
                {
                    return new RepairAction(change.Kind, ValueList<SqlStatement>.Empty, destructive, Decision:
                        $"column {column.DisplayName} allows NULL but should be required (NOT NULL, no default), so rows may hold NULL. " +
                        $"Decide their value: UPDATE {column.Table.Sql} SET {SqlText.Ident(column.Name)} = <value> WHERE {SqlText.Ident(column.Name)} IS NULL; " +
                        $"then {DdlWriter.AlterColumn(column, "SET NOT NULL")} (or make the property optional).");
                }

                if (column.Default is { } value && column.Identity == IdentityKind.None && column.GeneratedExpression is null)
                {
                    var backfill = new SqlStatement($"UPDATE {column.Table.Sql} SET {SqlText.Ident(column.Name)} = {value} WHERE {SqlText.Ident(column.Name)} IS NULL;");
                    return new RepairAction(change.Kind, new[] { backfill }.Concat(statements).ToValueList(), destructive,
                        Note: $"rows where {column.Name} is NULL get its default ({value}) before SET NOT NULL");
                }

                break;
        }

        return new RepairAction(change.Kind, statements, destructive);
    }

    /// <summary>NOT NULL with nothing that fills existing rows: no default, no identity, not generated.</summary>
    private static bool NeedsValue(DbColumn column) =>
        column.NotNull && column.Default is null && column.Identity == IdentityKind.None && column.GeneratedExpression is null;
}
