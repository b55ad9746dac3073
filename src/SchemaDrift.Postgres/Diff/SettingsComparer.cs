using System.Globalization;
using SchemaDrift.Postgres.Model;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Postgres.Diff;

/// <summary>
/// The settings of tables, columns and indexes that pg_dump writes as ALTER statements rather than in CREATE:
/// access method, tablespace, REPLICA IDENTITY and CLUSTER ON of tables; SET STATISTICS, STORAGE, COMPRESSION and
/// attribute options of columns (of each table on its own: ALTER TABLE ONLY); storage parameters, tablespace,
/// per-column statistics and comment of indexes, those behind keys included.
/// </summary>
internal static class SettingsComparer
{
    private const Hazards Lock = Hazards.AccessExclusiveLock;

    /// <summary>A table present in both snapshots (not re-created).</summary>
    public static void CompareTable(DiffContext context, DbTable from, DbTable to)
    {
        if (from.AccessMethod != to.AccessMethod)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableAccessMethod, ChangeType.Modified, new Classification(Severity.Major, Hazards.RewritesTable | Lock),
                $"table {to.DisplayName}: access method {from.AccessMethod ?? "heap"} → {to.AccessMethod ?? "heap"}", from.AccessMethod ?? "heap", to.AccessMethod ?? "heap");
            context.Emit(change, Phase.AlterTables, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, "SET ACCESS METHOD " + SqlText.Ident(to.AccessMethod ?? "heap")));
        }

        if (from.Tablespace != to.Tablespace)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableTablespace, ChangeType.Modified, new Classification(Severity.Minor, Hazards.RewritesTable | Lock),
                $"table {to.DisplayName}: tablespace {from.Tablespace ?? "default"} → {to.Tablespace ?? "default"}", from.Tablespace, to.Tablespace);
            context.Emit(change, Phase.AlterTables, StatementAction.Alter, to.Key, DdlWriter.AlterTable(to.Name, "SET TABLESPACE " + SqlText.Ident(to.Tablespace ?? "pg_default")));
        }

        if (from.ReplicaIdentity != to.ReplicaIdentity || from.ReplicaIdentityIndex != to.ReplicaIdentityIndex)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableReplicaIdentity, ChangeType.Modified, new Classification(Severity.Major, Lock),
                $"table {to.DisplayName}: replica identity {ReplicaIdentity(from)} → {ReplicaIdentity(to)}", ReplicaIdentity(from), ReplicaIdentity(to));
            // Early when it names no index: a column leaving the old identity index may then lose its NOT NULL.
            var phase = to.ReplicaIdentity == "index" ? Phase.IndexSettings : Phase.AlterTables;
            context.Emit(change, phase, StatementAction.Alter, to.ReplicaIdentity == "index" ? IndexSettingKey(to, "replica-identity") : to.Key, DdlWriter.ReplicaIdentity(to), requires: IndexKeys(to, to.ReplicaIdentityIndex));
        }

        if (from.ClusterOn != to.ClusterOn)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableCluster, ChangeType.Modified, Classification.Minor,
                $"table {to.DisplayName}: clustered on {from.ClusterOn ?? "no index"} → {to.ClusterOn ?? "no index"}", from.ClusterOn, to.ClusterOn);
            context.Emit(change, Phase.IndexSettings, StatementAction.Alter, IndexSettingKey(to, "cluster"), DdlWriter.ClusterOn(to), requires: IndexKeys(to, to.ClusterOn));
        }
    }

    /// <summary>
    /// The settings of a materialized view the script creates that CREATE MATERIALIZED VIEW cannot say: its
    /// columns' (statistics, storage, compression, options) and its CLUSTER ON. After its indexes.
    /// </summary>
    public static void CreateMaterializedView(DiffContext context, Owner owner, DbView view)
    {
        foreach (var column in view.Columns)
        {
            CreateColumn(context, owner, AsColumn(view, column), Phase.IndexSettings);
        }

        if (view.ClusterOn is { } index)
        {
            context.Emit(owner, Phase.IndexSettings, StatementAction.Alter, view.Key, ClusterOn(view), requires: ["index:" + view.Name.Schema + "." + index]);
        }
    }

    /// <summary>A materialized view present in both snapshots and kept: its columns' settings and its CLUSTER ON.</summary>
    public static void CompareMaterializedView(DiffContext context, DbView from, DbView to)
    {
        foreach (var column in to.Columns)
        {
            if (from.Columns.FirstOrDefault(c => c.Name == column.Name) is { } before)
            {
                CompareColumn(context, AsColumn(from, before), AsColumn(to, column));
            }
        }

        if (from.ClusterOn != to.ClusterOn)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterTableCluster, ChangeType.Modified, Classification.Minor,
                $"materialized view {to.DisplayName}: clustered on {from.ClusterOn ?? "no index"} → {to.ClusterOn ?? "no index"}", from.ClusterOn, to.ClusterOn);
            context.Emit(
                change, Phase.IndexSettings, StatementAction.Alter, to.Key, ClusterOn(to),
                requires: to.ClusterOn is { } index ? ["index:" + to.Name.Schema + "." + index] : null);
        }
    }

    /// <summary>ALTER TABLE reaches a materialized view's CLUSTER ON, as pg_dump writes it.</summary>
    private static string ClusterOn(DbView view) =>
        DdlWriter.AlterTable(view.Name, view.ClusterOn is { } index ? "CLUSTER ON " + SqlText.Ident(index) : "SET WITHOUT CLUSTER");

    /// <summary>A materialized view's column as a table's (ALTER TABLE ONLY ... ALTER COLUMN reaches it, as pg_dump writes it).</summary>
    private static DbColumn AsColumn(DbView view, DbViewColumn column) => new(
        view.Name, column.Name, column.DataType, false, null, IdentityKind.None, null, null, null, false, column.Comment,
        column.Statistics, column.Storage, column.Compression, column.Options, column.TypeStorage);

    /// <summary>A table the script creates: the settings CREATE TABLE cannot say.</summary>
    public static void CreateTable(DiffContext context, Owner owner, DbTable table)
    {
        if (table.ReplicaIdentity is not null && table.ReplicaIdentity != "index")
        {
            context.Emit(owner, Phase.IndexSettings, StatementAction.Alter, table.Key, DdlWriter.ReplicaIdentity(table));
        }

        foreach (var column in table.Columns)
        {
            if (!context.Joins.Deferred(column.Key))
            {
                CreateColumn(context, owner, column);
            }
        }
    }

    /// <summary>Settings of a column the script creates (in a new table or with ADD COLUMN) that differ from a new column's.</summary>
    public static void CreateColumn(DiffContext context, Owner owner, DbColumn column, Phase phase = Phase.AlterColumns)
    {
        if (column.Statistics is null && column.Storage is null && column.Compression is null && column.Options.IsEmpty)
        {
            return;
        }

        var fresh = column with { Statistics = null, Storage = null, Compression = null, Options = ValueList<string>.Empty };
        foreach (var action in Actions(fresh, column))
        {
            context.Emit(owner, phase, StatementAction.Alter, column.Key, DdlWriter.AlterColumnOnly(column, action));
        }
    }

    /// <summary>A column present in both snapshots: each setting that differs is a change of its own.</summary>
    public static void CompareColumn(DiffContext context, DbColumn from, DbColumn to)
    {
        if (from.Statistics == to.Statistics && from.Storage == to.Storage && from.Compression == to.Compression && from.Options == to.Options)
        {
            return;
        }

        void Setting<T>(ChangeKind kind, string what, T before, T after, string action)
        {
            if (EqualityComparer<T>.Default.Equals(before, after))
            {
                return;
            }

            var change = context.AddChange(
                to, kind, ChangeType.Modified, Classification.Minor,
                $"column {to.DisplayName}: {what} {Text(before)} → {Text(after)}", Text(before), Text(after));
            context.Emit(change, Phase.AlterColumns, StatementAction.Alter, to.Key, DdlWriter.AlterColumnOnly(to, action));
        }

        Setting(ChangeKind.AlterColumnStatistics, "statistics target", from.Statistics, to.Statistics, DdlWriter.Statistics(to.Statistics));
        if (from.Storage != to.Storage && (from.DataType == to.DataType || to.Storage is not null))
        {
            Setting(ChangeKind.AlterColumnStorage, "storage", from.Storage ?? "default", to.Storage ?? "default", "SET STORAGE " + (to.Storage ?? to.TypeStorage ?? "extended").ToUpperInvariant());
        }

        Setting(ChangeKind.AlterColumnCompression, "compression", from.Compression ?? "default", to.Compression ?? "default", "SET COMPRESSION " + (to.Compression ?? "default"));
        if (from.Options != to.Options)
        {
            var change = context.AddChange(
                to, ChangeKind.AlterColumnOptions, ChangeType.Modified, Classification.Minor,
                $"column {to.DisplayName}: options ({string.Join(", ", from.Options)}) → ({string.Join(", ", to.Options)})",
                string.Join(", ", from.Options), string.Join(", ", to.Options));
            foreach (var action in DdlWriter.OptionChanges(from.Options, to.Options))
            {
                context.Emit(change, Phase.AlterColumns, StatementAction.Alter, to.Key, DdlWriter.AlterColumnOnly(to, action));
            }
        }
    }

    private static IEnumerable<string> Actions(DbColumn from, DbColumn to)
    {
        if (from.Statistics != to.Statistics)
        {
            yield return DdlWriter.Statistics(to.Statistics);
        }

        if (to.Storage is { } storage && from.Storage != storage)
        {
            yield return "SET STORAGE " + storage.ToUpperInvariant();
        }

        if (to.Compression is { } compression && from.Compression != compression)
        {
            yield return "SET COMPRESSION " + compression;
        }

        foreach (var action in DdlWriter.OptionChanges(from.Options, to.Options))
        {
            yield return action;
        }
    }

    /// <summary>Settings of an index (or of a key's index) present in both snapshots and kept.</summary>
    public static void CompareIndex(DiffContext context, ISchemaObject obj, QualifiedName table, string index, DbIndexSettings? from, DbIndexSettings? to, bool key)
    {
        from ??= DbIndexSettings.None;
        to ??= DbIndexSettings.None;
        var name = table.Schema + "." + index;
        if (from.Options != to.Options)
        {
            var change = context.AddChange(
                obj, ChangeKind.AlterIndexStorage, ChangeType.Modified, new Classification(Severity.Minor, Lock),
                $"index {name}: storage parameters ({string.Join(", ", from.Options)}) → ({string.Join(", ", to.Options)})",
                string.Join(", ", from.Options), string.Join(", ", to.Options));
            foreach (var action in DdlWriter.OptionChanges(from.Options, to.Options))
            {
                context.Emit(change, Phase.IndexSettings, StatementAction.Alter, obj.Key, DdlWriter.AlterIndex(table.Schema, index, action));
            }
        }

        if (from.Tablespace != to.Tablespace)
        {
            var change = context.AddChange(
                obj, ChangeKind.AlterIndexTablespace, ChangeType.Modified, new Classification(Severity.Minor, Lock),
                $"index {name}: tablespace {from.Tablespace ?? "default"} → {to.Tablespace ?? "default"}", from.Tablespace, to.Tablespace);
            context.Emit(change, Phase.IndexSettings, StatementAction.Alter, obj.Key, DdlWriter.AlterIndex(table.Schema, index, "SET TABLESPACE " + SqlText.Ident(to.Tablespace ?? "pg_default")));
        }

        if (from.ColumnStatistics != to.ColumnStatistics)
        {
            var change = context.AddChange(
                obj, ChangeKind.AlterIndexStatistics, ChangeType.Modified, Classification.Minor,
                $"index {name}: column statistics ({string.Join(", ", from.ColumnStatistics)}) → ({string.Join(", ", to.ColumnStatistics)})",
                string.Join(", ", from.ColumnStatistics), string.Join(", ", to.ColumnStatistics));
            foreach (var action in StatisticsActions(from.ColumnStatistics, to.ColumnStatistics))
            {
                context.Emit(change, Phase.IndexSettings, StatementAction.Alter, obj.Key, DdlWriter.AlterIndex(table.Schema, index, action));
            }
        }

        if (key)
        {
            Matching.CompareComment(context, obj.Key + "#index", ObjectKind.Index, name, "INDEX " + SqlText.Ident(table.Schema, index), from.Comment, to.Comment);
        }
    }

    /// <summary>
    /// An index (or key) the script creates: what its definition does not say, and the table's CLUSTER ON or
    /// REPLICA IDENTITY when they name it (dropping an index forgets both). <paramref name="madeWith"/>: the storage
    /// parameters it is made with, when the server makes it (a partition's, with those of its parent's index).
    /// </summary>
    public static void CreateIndex(
        DiffContext context, Owner owner, ISchemaObject obj, QualifiedName table, string index, DbIndexSettings? settings, bool key, ValueList<string>? madeWith = null)
    {
        settings ??= DbIndexSettings.None;
        madeWith ??= ValueList<string>.Empty;

        // These settings are part of making the index (filed as creating it): a column dropped before the index is made
        // again waits for the old index's drop, not for them. A partitioned index was given its storage parameters as
        // it was made (no ALTER INDEX sets them).
        var options = settings.Options == madeWith || context.PartitionedInTarget(table) ? [] : DdlWriter.OptionChanges(madeWith, settings.Options);
        foreach (var action in options)
        {
            context.Emit(owner, Phase.IndexSettings, StatementAction.Create, obj.Key, DdlWriter.AlterIndex(table.Schema, index, action));
        }

        if (settings.Tablespace is { } tablespace)
        {
            context.Emit(owner, Phase.IndexSettings, StatementAction.Create, obj.Key, DdlWriter.AlterIndex(table.Schema, index, "SET TABLESPACE " + SqlText.Ident(tablespace)));
        }

        foreach (var action in settings.ColumnStatistics.IsEmpty ? [] : StatisticsActions(ValueList<string>.Empty, settings.ColumnStatistics))
        {
            context.Emit(owner, Phase.IndexSettings, StatementAction.Create, obj.Key, DdlWriter.AlterIndex(table.Schema, index, action));
        }

        if (key && settings.Comment is { } comment)
        {
            context.Emit(owner, Phase.Comments, StatementAction.Alter, obj.Key, DdlWriter.Comment("INDEX " + SqlText.Ident(table.Schema, index), comment));
        }

        if (context.ToTables.TryGetValue(table, out var target))
        {
            if (target.ClusterOn == index)
            {
                context.Emit(owner, Phase.IndexSettings, StatementAction.Alter, IndexSettingKey(target, "cluster"), DdlWriter.ClusterOn(target), requires: [obj.Key, target.Key]);
            }

            if (target.ReplicaIdentity == "index" && target.ReplicaIdentityIndex == index)
            {
                context.Emit(owner, Phase.IndexSettings, StatementAction.Alter, IndexSettingKey(target, "replica-identity"), DdlWriter.ReplicaIdentity(target), requires: [obj.Key, target.Key]);
            }
        }
    }

    private static IEnumerable<string> StatisticsActions(ValueList<string> from, ValueList<string> to)
    {
        static Dictionary<string, string> Parse(ValueList<string> items) =>
            items.Select(i => i.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "-1", StringComparer.Ordinal);

        var before = Parse(from);
        var after = Parse(to);
        foreach (var column in before.Keys.Where(k => !after.ContainsKey(k)))
        {
            yield return $"ALTER COLUMN {column} SET STATISTICS -1";
        }

        foreach (var (column, target) in after.Where(p => !before.TryGetValue(p.Key, out var value) || value != p.Value))
        {
            yield return $"ALTER COLUMN {column} SET STATISTICS {target}";
        }
    }

    /// <summary>The keys of the index or key named <paramref name="index"/> on the table, whichever it is.</summary>
    /// <summary>
    /// The key CLUSTER ON and REPLICA IDENTITY USING INDEX are filed under: apart from the table's own statements,
    /// which a partition's index or key the server makes waits for (and which, in turn, these wait for).
    /// </summary>
    private static string IndexSettingKey(DbTable table, string setting) => table.Key + "#" + setting;

    private static string[] IndexKeys(DbTable table, string? index) =>
        index is null ? [] : ["index:" + table.Name.Schema + "." + index, "constraint:" + table.Name + "." + index];

    private static string ReplicaIdentity(DbTable table) => table.ReplicaIdentity switch
    {
        null => "default",
        "index" => "using index " + table.ReplicaIdentityIndex,
        var other => other,
    };

    private static string Text<T>(T value) => value switch
    {
        null => "default",
        int n => n.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "default",
    };
}
