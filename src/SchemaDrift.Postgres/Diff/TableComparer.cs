using System.Runtime.InteropServices;
using System.Text;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// Tables: created with their own columns (inherited ones come from the parents), dropped, re-created when their
/// partitioning changes, or altered: persistence, storage parameters, row-level security, partitions and parents.
/// Columns are compared by <see cref="ColumnComparer"/>.
/// </summary>
internal static class TableComparer
{
    public static void Compare(DiffContext context)
    {
        // Most tables are the same on both sides (the analysis compared them, SameTables): they need no look at each part.
        var converted = ConvertedTables(context);
        var (added, removed, both) = Match(
            context.From.Tables, context.To.Tables,
            (from, to) => !context.RecreatedTables.Contains(from.Key) && context.SameTables.Contains(from.Key) && !converted.Contains(from.Key));
        foreach (var table in added)
        {
            var change = context.AddChange(
                table, ChangeKind.AddTable, ChangeType.Added, ChangeClassifier.Of(ChangeKind.AddTable),
                $"table {table.DisplayName} added", after: Describe(table));
            CreateTable(context, change, table);
        }

        foreach (var table in removed)
        {
            var change = context.AddChange(
                table, ChangeKind.DropTable, ChangeType.Removed, ChangeClassifier.Of(ChangeKind.DropTable),
                $"table {table.DisplayName} dropped", before: Describe(table));
            DropTable(context, change, table);
        }

        foreach (var (from, to) in both)
        {
            if (context.RecreatedTables.Contains(from.Key))
            {
                Recreate(context, from, to);
            }
            else if (!context.SameTables.Contains(from.Key) || converted.Contains(from.Key))
            {
                Alter(context, from, to);
                ColumnComparer.Compare(context, from, to);
            }
        }
    }

    /// <summary>Whether every name of <paramref name="names"/> is in <paramref name="other"/>.</summary>
    private static bool Covers(ValueList<QualifiedName> names, ValueList<QualifiedName> other)
    {
        foreach (var name in names)
        {
            if (!DiffAnalysis.Contains(other.Items.AsSpan(), name))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The keys of the tables with a column converted to another type or dropped and added again.</summary>
    private static HashSet<string> ConvertedTables(DiffContext context)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in context.Retyped.Keys.Concat(context.Recreate.Keys))
        {
            foreach (var table in context.FromGraph.TablesOfColumn(key))
            {
                tables.Add(table.Key);
            }
        }

        return tables;
    }

    /// <summary>Partitioning cannot be altered: the table is dropped and created again, with its parts.</summary>
    private static void Recreate(DiffContext context, DbTable from, DbTable to)
    {
        Owner owner;
        if (from.TableKind != to.TableKind || from.PartitionKey != to.PartitionKey)
        {
            owner = context.AddChange(
                to, ChangeKind.RecreateTable, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.RecreateTable),
                $"table {to.DisplayName}: {Partitioning(from)} → {Partitioning(to)}; the table is dropped and created again",
                Describe(from), Describe(to));
        }
        else
        {
            owner = context.RecreateOwner(from.Key);
        }

        DropTable(context, owner, from);
        CreateTable(context, owner, to);
    }

    /// <summary>
    /// DROP TABLE takes its constraints along, but its foreign keys to a table whose keys go away too must be
    /// dropped first: the referenced key cannot be dropped while they rest on it (and two tables referencing
    /// each other could not be dropped in any order).
    /// </summary>
    private static void DropTable(DiffContext context, Owner owner, DbTable table)
    {
        foreach (var key in context.FromConstraints[table.Name].Where(c => c.ReferencedTable is { } referenced
                     && referenced != table.Name && (context.IsGone(referenced) || context.ChangingKeys.ContainsKey(referenced))))
        {
            context.Emit(owner, Phase.DropForeignKeys, StatementAction.Drop, key.Key, DdlWriter.DropConstraint(key));
        }

        var leftBy = context.ToTables.TryGetValue(table.Name, out _) ? [] : context.LeftLateBy(table.Name);
        context.Emit(
            owner, leftBy.Count > 0 ? Phase.LateDrops : Phase.DropTables, StatementAction.Drop, table.Key, DdlWriter.DropTable(table.Name),
            destructive: true, requires: leftBy.Count > 0 ? leftBy : null);
    }

    /// <summary>CREATE TABLE, then what it cannot say: inherited columns' own settings, row-level security, comments.</summary>
    private static void CreateTable(DiffContext context, Owner owner, DbTable table)
    {
        context.NewRelations[table.Key] = new CreatedRelation(owner);

        // A parent whose joining children have only inherited some of its columns in the target is created without
        // them; it adds them once the children joined it (InheritedColumns).
        var later = table.Columns.Where(c => context.Joins.Deferred(c.Key)).ToList();
        var created = later.Count == 0 ? table : table with { Columns = table.Columns.Where(c => !later.Contains(c)).ToValueList() };
        context.Emit(owner, Phase.CreateTables, StatementAction.Create, table.Key, DdlWriter.CreateTable(created));
        foreach (var column in later)
        {
            ColumnComparer.AddColumn(context, column, ChangeKind.AddColumn, []);
        }

        foreach (var column in table.Columns.Where(c => c.Inherited))
        {
            var parent = ParentColumn(context.ToTables, table, column.Name);
            if (parent is null)
            {
                continue;
            }

            if (parent.Default != column.Default && column.GeneratedExpression is null && column.Identity == IdentityKind.None)
            {
                var action = column.Default is null ? "DROP DEFAULT" : "SET DEFAULT " + column.Default;
                context.Emit(owner, Phase.AlterColumns, StatementAction.Alter, column.Key, DdlWriter.AlterColumn(column, action));
            }

            if (parent.NotNull != column.NotNull)
            {
                context.Emit(owner, Phase.AlterColumns, StatementAction.Alter, column.Key, DdlWriter.AlterColumn(column, column.NotNull ? "SET NOT NULL" : "DROP NOT NULL"));
            }
        }

        if (table.RowSecurity)
        {
            context.Emit(owner, Phase.RowLevelSecurity, StatementAction.Alter, table.Key, DdlWriter.AlterTable(table.Name, "ENABLE ROW LEVEL SECURITY"));
        }

        if (table.ForceRowSecurity)
        {
            context.Emit(owner, Phase.RowLevelSecurity, StatementAction.Alter, table.Key, DdlWriter.AlterTable(table.Name, "FORCE ROW LEVEL SECURITY"));
        }

        CommentOnCreate(context, owner, table, table.Comment);
        foreach (var column in created.Columns)
        {
            CommentOnCreate(context, owner, column, column.Comment);
        }

        SettingsComparer.CreateTable(context, owner, created);
    }

    private static void Alter(DiffContext context, DbTable from, DbTable to)
    {
        if (from.Unlogged != to.Unlogged)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTablePersistence, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTablePersistence),
                $"table {to.DisplayName}: {Persistence(from)} → {Persistence(to)}", Persistence(from), Persistence(to));
            context.Emit(change, Phase.AlterTables, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, to.Unlogged ? "SET UNLOGGED" : "SET LOGGED"));
        }

        if (from.StorageParameters != to.StorageParameters)
        {
            StorageParameters(context, from, to);
        }

        if (from.RowSecurity != to.RowSecurity || from.ForceRowSecurity != to.ForceRowSecurity)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableRls, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTableRls),
                $"table {to.DisplayName}: row-level security {RowSecurity(from)} → {RowSecurity(to)}", RowSecurity(from), RowSecurity(to));
            if (from.RowSecurity != to.RowSecurity)
            {
                context.Emit(change, Phase.RowLevelSecurity, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, to.RowSecurity ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY"));
            }

            if (from.ForceRowSecurity != to.ForceRowSecurity)
            {
                context.Emit(change, Phase.RowLevelSecurity, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, to.ForceRowSecurity ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY"));
            }
        }

        if (from.PartitionOf != to.PartitionOf || from.PartitionBound != to.PartitionBound)
        {
            Partition(context, from, to);
        }

        var fromParents = from.Inherits;
        var toParents = to.Inherits;
        if (!Covers(fromParents, toParents) || !Covers(toParents, fromParents))
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableInherits, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTableInherits),
                $"table {to.DisplayName}: inherits ({string.Join(", ", from.Inherits)}) → ({string.Join(", ", to.Inherits)})",
                string.Join(", ", from.Inherits), string.Join(", ", to.Inherits));
            // Filed apart from the table: it must run before the old parent's columns go (or the child loses them
            // too), whatever the table needs in the target. A table that keeps every column it inherits leaves its
            // old parents only once it inherits from the new ones, and they drop nothing before that.
            // Such a table leaves them after everything done to it as a table (its INHERIT statements included), and
            // joins a parent after those of the parent's check constraints are in place that it has already (inherited
            // from the old parent: so they stay inherited too). The server lets a table join only a parent whose
            // checks it has: one it lacks is added to the parent after it joined, and reaches it from there.
            var late = context.MovesLate(to.Name);
            foreach (var parent in from.Inherits.Where(p => !DiffAnalysis.Contains(toParents.Items.AsSpan(), p)))
            {
                context.Emit(
                    change, late ? Phase.LateDetach : Phase.DetachPartitions, StatementAction.Drop, DiffContext.DetachKey(to), DdlWriter.AlterTable(to.Name, "NO INHERIT " + parent.Sql),
                    requires: late ? [to.Key] : null);
                LeftChecks(context, change, from, to, parent);
            }

            foreach (var parent in to.Inherits.Where(p => !DiffAnalysis.Contains(fromParents.Items.AsSpan(), p)))
            {
                // After the parent's dropped columns are gone (the table may lack them), so that a withheld DROP COLUMN holds it back.
                List<string> requires = ["table:" + parent, .. context.DroppedColumns.Where(k => k.StartsWith(ColumnKey(parent, string.Empty), StringComparison.Ordinal))];
                if (late)
                {
                    // Not those on columns the parent adds after the table joined it: they reach the table with the parent's ADD CONSTRAINT.
                    requires.AddRange(context.To.Constraints
                        .Where(c => c.Table == parent && c.ConstraintKind == ConstraintKind.Check && !c.Columns.Any(n => context.Joins.Deferred(ColumnKey(parent, n)))
                            && HasCheck(context.From, from, c.Name))
                        .Select(c => c.Key));
                }

                context.Emit(change, Phase.AttachPartitions, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, "INHERIT " + parent.Sql), requires: requires);
                foreach (var check in context.To.Constraints.Where(c => c.Table == parent && c.ConstraintKind == ConstraintKind.Check && !HasCheck(context.From, from, c.Name)))
                {
                    ref var joiners = ref CollectionsMarshal.GetValueRefOrAddDefault(context.ChecksAfterJoin, check.Key, out _);
                    (joiners ??= []).Add(to.Key);
                }
            }
        }

        SettingsComparer.CompareTable(context, from, to);
        CompareComment(context, to, from.Comment, to.Comment);
    }

    private static void StorageParameters(DiffContext context, DbTable from, DbTable to)
    {
        var change = context.AddChange(
            to, ChangeKind.AlterTableStorage, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AlterTableStorage),
            $"table {to.DisplayName}: storage parameters ({string.Join(", ", from.StorageParameters)}) → ({string.Join(", ", to.StorageParameters)})",
            string.Join(", ", from.StorageParameters), string.Join(", ", to.StorageParameters));
        foreach (var action in DdlWriter.OptionChanges(from.StorageParameters, to.StorageParameters))
        {
            context.Emit(change, Phase.AlterTables, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, action));
        }
    }

    /// <summary>
    /// The check constraints a table inherited only from a parent it leaves stay on it, as its own (NO INHERIT makes
    /// them local): those the table has neither itself nor from a parent in the target are dropped once it left. IF
    /// EXISTS: a check the parent drops before the table leaves goes from the table with it.
    /// </summary>
    private static void LeftChecks(DiffContext context, ChangeBuilder change, DbTable from, DbTable to, QualifiedName parent)
    {
        foreach (var check in context.From.Constraints.Where(c => c.Table == parent && c.ConstraintKind == ConstraintKind.Check && !c.Definition.EndsWith(" NO INHERIT", StringComparison.Ordinal)))
        {
            if (!DeclaresCheck(context.From, from.Name, check.Name) && !HasCheck(context.To, to, check.Name))
            {
                context.Emit(
                    change, Phase.LateDrops, StatementAction.Drop, to.Key + ".left-check." + check.Name,
                    DdlWriter.AlterTable(to.Name, "DROP CONSTRAINT IF EXISTS " + SqlText.Ident(check.Name)), requires: [DiffContext.DetachKey(to)]);
            }
        }
    }

    /// <summary>Whether the table has a check constraint of that name, its own or from one of its parents (one level: the server copies a parent's checks to each child).</summary>
    private static bool HasCheck(SchemaSnapshot snapshot, DbTable table, string name) =>
        DeclaresCheck(snapshot, table.Name, name) || table.Inherits.Any(p => DeclaresCheck(snapshot, p, name));

    /// <summary>Whether the table declares a check constraint of that name (the snapshot lists only those a table declares).</summary>
    private static bool DeclaresCheck(SchemaSnapshot snapshot, QualifiedName table, string name) =>
        snapshot.Constraints.Any(c => c.Table == table && c.ConstraintKind == ConstraintKind.Check && c.Name == name);

    /// <summary>DETACH from the old parent before columns change; ATTACH to the new one once they match.</summary>
    private static void Partition(DiffContext context, DbTable from, DbTable to)
    {
        if (from.PartitionOf is { } oldParent)
        {
            var change = context.AddChange(
                to, ChangeKind.DetachPartition, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.DetachPartition),
                $"table {to.DisplayName}: no longer a partition of {oldParent}", $"partition of {oldParent} {from.PartitionBound}", to.PartitionOf is null ? null : $"partition of {to.PartitionOf} {to.PartitionBound}");
            context.Emit(change, Phase.DetachPartitions, StatementAction.Drop, DiffContext.DetachKey(to), DdlWriter.AlterTable(oldParent, "DETACH PARTITION " + to.Name.Sql));
        }

        if (to.PartitionOf is { } newParent)
        {
            var change = context.AddChange(
                to, ChangeKind.AttachPartition, ChangeType.Modified, ChangeClassifier.Of(ChangeKind.AttachPartition),
                $"table {to.DisplayName}: attached as a partition of {newParent} {to.PartitionBound}", from.PartitionOf is null ? null : $"partition of {from.PartitionOf} {from.PartitionBound}", $"partition of {newParent} {to.PartitionBound}");
            context.Emit(
                change, Phase.AttachPartitions, StatementAction.Alter, to.Key,
                DdlWriter.AlterTable(newParent, $"ATTACH PARTITION {to.Name.Sql} {to.PartitionBound ?? "DEFAULT"}"), requires: ["table:" + newParent]);
        }
    }

    /// <summary>The partitioned table the table is a partition of, then the tables it inherits from.</summary>
    public static QualifiedName[] Parents(DbTable table)
    {
        if (table.PartitionOf is not { } parent)
        {
            return table.Inherits.Count == 0 ? [] : table.Inherits.Items.ToArray();
        }

        var parents = new QualifiedName[table.Inherits.Count + 1];
        parents[0] = parent;
        table.Inherits.Items.CopyTo(parents, 1);
        return parents;
    }

    /// <summary>The column named so in the first of the table's parents (in <paramref name="tables"/>) that has one.</summary>
    public static DbColumn? ParentColumn(NameMap<DbTable> tables, DbTable table, string name)
    {
        foreach (var parent in Parents(table))
        {
            if (tables.GetValueOrDefault(parent)?.FindColumn(name) is { } column)
            {
                return column;
            }
        }

        return null;
    }

    private static string ColumnKey(QualifiedName table, string column) => "column:" + table + "." + column;

    private static string Persistence(DbTable table) => table.Unlogged ? "unlogged" : "logged";

    private static string RowSecurity(DbTable table) => !table.RowSecurity ? "disabled" : table.ForceRowSecurity ? "enabled, forced" : "enabled";

    private static string Partitioning(DbTable table) => table.PartitionKey is null ? "not partitioned" : "partitioned by " + table.PartitionKey;

    private static string Describe(DbTable table)
    {
        var text = new StringBuilder(32 + (32 * table.Columns.Count)).Append(table.Unlogged ? "unlogged " : string.Empty);
        if (table.PartitionOf is { } parent)
        {
            text.Append("partition of ").Append(parent.ToString()).Append(' ').Append(table.PartitionBound);
        }
        else
        {
            text.Append('(');
            var first = true;
            foreach (var column in table.Columns)
            {
                if (!column.Inherited)
                {
                    text.Append(first ? string.Empty : ", ").Append(SqlText.Ident(column.Name)).Append(' ').Append(column.DataType);
                    first = false;
                }
            }

            text.Append(')');
        }

        return text.Append(table.PartitionKey is null ? string.Empty : " partitioned by " + table.PartitionKey)
            .Append(table.Inherits.Count == 0 ? string.Empty : $" inherits ({string.Join(", ", table.Inherits)})")
            .ToString();
    }
}
