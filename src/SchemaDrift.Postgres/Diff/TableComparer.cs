using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;
using static SchemaDrift.Postgres.Diff.Matching;

namespace SchemaDrift.Postgres.Diff;

/// <summary>Tables and their columns, partitioning, inheritance, persistence, storage parameters and row security.</summary>
internal static class TableComparer
{
    public static void Compare(DiffContext c)
    {
        var (added, removed, both) = Match(c.From.Tables, c.To.Tables);
        foreach (var t in added)
        {
            CreateTable(c, t);
        }

        foreach (var t in removed)
        {
            DropTable(c, t);
        }

        foreach (var (f, t) in both)
        {
            AlterTable(c, f, t);
        }
    }

    private static void CreateTable(DiffContext c, DbTable t)
    {
        var statements = new List<(Phase, SqlStatement)> { (Phase.CreateTables, new SqlStatement(Ddl.CreateTable(t))) };
        if (t.RowSecurity)
        {
            statements.Add((Phase.Security, new SqlStatement(Ddl.AlterTable(t.Name, "ENABLE ROW LEVEL SECURITY"))));
        }

        if (t.ForceRowSecurity)
        {
            statements.Add((Phase.Security, new SqlStatement(Ddl.AlterTable(t.Name, "FORCE ROW LEVEL SECURITY"))));
        }

        statements.AddRange(CommentOnCreate(t, t.Comment));
        foreach (var column in t.Columns.Where(x => x.Comment is not null && !x.Inherited))
        {
            statements.AddRange(CommentOnCreate(column, column.Comment));
        }

        c.Add(ChangeSpec.For(t, "add-table", ChangeType.Added, null, $"{t.Columns.Count} columns", $"table {t.DisplayName} added", Severity.Minor), [.. statements]);
    }

    private static void DropTable(DiffContext c, DbTable t)
    {
        foreach (var view in c.DependentsInSource(t.Key).Where(k => k.StartsWith("view:", StringComparison.Ordinal)))
        {
            c.RecreateViews.Add(view);
        }

        c.Add(ChangeSpec.For(t, "drop-table", ChangeType.Removed, $"{t.Columns.Count} columns", null, $"table {t.DisplayName} dropped", Severity.Critical,
                Hazards.DeletesData | Hazards.AccessExclusiveLock),
            (Phase.DropTables, new SqlStatement($"DROP TABLE {t.Name.Sql};", Destructive: true)));
    }

    private static void AlterTable(DiffContext c, DbTable f, DbTable t)
    {

        Partitioning(c, f, t);
        if (f.Unlogged != t.Unlogged)
        {
            c.Add(ChangeSpec.For(t, "alter-table-persistence", ChangeType.Modified, f.Unlogged ? "unlogged" : "logged", t.Unlogged ? "unlogged" : "logged",
                    $"table {t.DisplayName}: {(t.Unlogged ? "logged → unlogged" : "unlogged → logged")}", Severity.Major, Hazards.RewritesTable | Hazards.AccessExclusiveLock),
                (Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Name, t.Unlogged ? "SET UNLOGGED" : "SET LOGGED"))));
        }

        if (f.StorageParameters != t.StorageParameters)
        {
            var statements = new List<(Phase, SqlStatement)>();
            var keys = t.StorageParameters.Select(p => p.Split('=')[0]).ToHashSet();
            var reset = f.StorageParameters.Select(p => p.Split('=')[0]).Where(k => !keys.Contains(k)).ToList();
            if (reset.Count > 0)
            {
                statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Name, $"RESET ({string.Join(", ", reset)})"))));
            }

            if (t.StorageParameters.Count > 0)
            {
                statements.Add((Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Name, $"SET ({string.Join(", ", t.StorageParameters)})"))));
            }

            c.Add(ChangeSpec.For(t, "alter-storage-parameters", ChangeType.Modified, string.Join(", ", f.StorageParameters), string.Join(", ", t.StorageParameters),
                $"table {t.DisplayName}: storage parameters changed", Severity.Minor), [.. statements]);
        }

        if (f.RowSecurity != t.RowSecurity || f.ForceRowSecurity != t.ForceRowSecurity)
        {
            var statements = new List<(Phase, SqlStatement)>();
            if (f.RowSecurity != t.RowSecurity)
            {
                statements.Add((Phase.Security, new SqlStatement(Ddl.AlterTable(t.Name, t.RowSecurity ? "ENABLE ROW LEVEL SECURITY" : "DISABLE ROW LEVEL SECURITY"))));
            }

            if (f.ForceRowSecurity != t.ForceRowSecurity)
            {
                statements.Add((Phase.Security, new SqlStatement(Ddl.AlterTable(t.Name, t.ForceRowSecurity ? "FORCE ROW LEVEL SECURITY" : "NO FORCE ROW LEVEL SECURITY"))));
            }

            c.Add(ChangeSpec.For(t, "alter-row-security", ChangeType.Modified, Rls(f), Rls(t), $"table {t.DisplayName}: row level security {Rls(f)} → {Rls(t)}",
                Severity.Major, Hazards.AccessExclusiveLock), [.. statements]);
        }

        CommentChange(c, f, t, f.Comment, t.Comment);
        ColumnComparer.Compare(c, f, t);
    }

    private static string Rls(DbTable t) => !t.RowSecurity ? "disabled" : t.ForceRowSecurity ? "forced" : "enabled";

    private static void Partitioning(DiffContext c, DbTable f, DbTable t)
    {
        if (f.PartitionOf != t.PartitionOf || f.PartitionBound != t.PartitionBound)
        {
            var statements = new List<(Phase, SqlStatement)>();
            if (f.PartitionOf is { } oldParent)
            {
                // Detached before the parent's columns change, attached after.
                statements.Add((Phase.DetachPartitions, new SqlStatement(Ddl.AlterTable(oldParent, $"DETACH PARTITION {t.Name.Sql}"))));
            }

            if (t.PartitionOf is { } newParent)
            {
                statements.Add((Phase.AddConstraints, new SqlStatement(Ddl.AlterTable(newParent, $"ATTACH PARTITION {t.Name.Sql} {t.PartitionBound}"))));
            }

            c.Add(ChangeSpec.For(t, "alter-partition", ChangeType.Modified, Partition(f), Partition(t), $"table {t.DisplayName}: partition {Partition(f)} → {Partition(t)}",
                Severity.Major, Hazards.AccessExclusiveLock | Hazards.ValidatesRows), [.. statements]);
        }

        if (f.Inherits != t.Inherits)
        {
            var statements = f.Inherits.Where(p => !t.Inherits.Contains(p))
                .Select(p => (Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Name, $"NO INHERIT {p.Sql}"))))
                .Concat(t.Inherits.Where(p => !f.Inherits.Contains(p))
                    .Select(p => (Phase.AlterTables, new SqlStatement(Ddl.AlterTable(t.Name, $"INHERIT {p.Sql}")))))
                .ToArray();
            c.Add(ChangeSpec.For(t, "alter-inheritance", ChangeType.Modified, string.Join(", ", f.Inherits), string.Join(", ", t.Inherits),
                $"table {t.DisplayName}: inherits changed", Severity.Major, Hazards.AccessExclusiveLock), statements);
        }
    }

    private static string Partition(DbTable t) => t.PartitionOf is { } p ? $"of {p} {t.PartitionBound}" : "none";
}
