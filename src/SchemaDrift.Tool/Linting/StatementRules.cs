namespace SchemaDrift.Tool.Linting;

/// <summary>The rules that judge one statement, by its <see cref="Shape"/> and what the migration did before it.</summary>
internal static class StatementRules
{
    public static IEnumerable<LintFinding> Check(StatementContext c, MigrationLinter l)
    {
        if (c.InTransaction && LintPatterns.NoTransaction().IsMatch(c.Masked))
        {
            yield return l.Finding(LintRules.NotAllowedInTransaction, c, null, l.Migration.Id,
                $"{LintSql.Short(c.Sql)} runs inside the migration's transaction" +
                (c.Command.TransactionSuppressed ? " (its command sends several statements at once)" : string.Empty) +
                ": PostgreSQL refuses it and the migration fails", null);
        }

        foreach (var (segment, type, value) in l.AddedEnumValues)
        {
            if (segment == c.Segment && c.InTransaction && c.Shape is not AddEnumValueShape && c.Sql.Contains(value, StringComparison.Ordinal))
            {
                yield return l.Finding(LintRules.EnumValueUsedInTransaction, c, (c.Shape as DataChangeShape)?.Table, type + "." + value.Trim('\'').Replace("''", "'", StringComparison.Ordinal),
                    $"{LintSql.Short(c.Sql)} uses {value}, the label of {type} added earlier in the same transaction: it fails with \"unsafe use of new value\"", null);
            }
        }

        IEnumerable<LintFinding> findings = c.Shape switch
        {
            CreateIndexShape index => CreateIndex(c, l, index),
            DropIndexShape drop => DropIndex(c, l, drop),
            AlterTableShape alter => TableRules.Check(c, l, alter),
            DropTableShape drop => drop.Tables.Where(l.Previous.MapsTable).Select(table => l.Finding(LintRules.DropTableInUse, c, table, table,
                $"DROP TABLE {table}: the release running now still maps it, and its instances fail on every query of it until they are replaced", "ACCESS EXCLUSIVE")),
            AddEnumValueShape added => AddEnumValue(c, l, added),
            DataChangeShape change => Backfill(c, l, change),
            VacuumShape { Full: true } vacuum => VacuumFull(c, l, vacuum),
            ClusterShape cluster when cluster.Table is null || !l.IsNew(cluster.Table) =>
                [l.Finding(LintRules.VacuumFullOrCluster, c, cluster.Table, cluster.Table ?? "every clustered table",
                    $"CLUSTER rewrites {cluster.Table ?? "every clustered table"} in index order under an ACCESS EXCLUSIVE lock: no reads or writes until it is done", "ACCESS EXCLUSIVE")],
            ReindexShape { Concurrently: false } reindex when ReindexTable(reindex, l.Tracker) is var table && (table is null || !l.IsNew(table)) =>
                [l.Finding(LintRules.ReindexNotConcurrently, c, table, reindex.Name is { } name ? LintSql.Table(name) : reindex.Kind.ToLowerInvariant(),
                    $"REINDEX {reindex.Kind} {reindex.Name} blocks writes to {table ?? "the tables it covers"} while each index is rebuilt", "SHARE")],
            RefreshShape { Concurrently: false } refresh when !l.IsNew(refresh.View) =>
                [l.Finding(LintRules.RefreshMaterializedViewBlocksReads, c, refresh.View, refresh.View,
                    $"REFRESH MATERIALIZED VIEW {refresh.View} blocks every query on the view until the refresh is done (ACCESS EXCLUSIVE lock)", "ACCESS EXCLUSIVE")],
            _ => [],
        };
        foreach (var finding in findings)
        {
            yield return finding;
        }
    }

    /// <summary>The table a REINDEX locks: the table it names, or the table of the index it names.</summary>
    public static string? ReindexTable(ReindexShape reindex, SchemaTracker tracker) => reindex switch
    {
        { Kind: "TABLE", Name: { } name } => LintSql.Table(name),
        { Kind: "INDEX", Name: { } name } => LintSql.Split(name) is var (schema, index) ? tracker.TableOfIndex(schema, index) : null,
        _ => null,
    };

    private static IEnumerable<LintFinding> VacuumFull(StatementContext c, MigrationLinter l, VacuumShape vacuum)
    {
        IReadOnlyList<string?> tables = vacuum.Tables.Count == 0 ? [null] : [.. vacuum.Tables.Where(t => !l.IsNew(t))];
        return tables.Select(table => l.Finding(LintRules.VacuumFullOrCluster, c, table, table ?? "every table",
            $"VACUUM FULL rewrites {table ?? "every table of the database"} under an ACCESS EXCLUSIVE lock: no reads or writes until it is done", "ACCESS EXCLUSIVE"));
    }

    private static IEnumerable<LintFinding> CreateIndex(StatementContext c, MigrationLinter l, CreateIndexShape index)
    {
        if (!index.Concurrently && !l.IsNew(index.Table))
        {
            var kind = index.Unique ? "CREATE UNIQUE INDEX" : "CREATE INDEX";
            yield return l.Finding(LintRules.CreateIndexNotConcurrently, c, index.Table, MigrationLinter.Subject(index),
                $"{kind} {MigrationLinter.Subject(index)} on {index.Table} blocks every write to the table until the index is built (SHARE lock)", "SHARE");
        }
    }

    private static IEnumerable<LintFinding> DropIndex(StatementContext c, MigrationLinter l, DropIndexShape drop)
    {
        if (drop.Concurrently)
        {
            yield break;
        }

        foreach (var (schema, name) in drop.Indexes)
        {
            var table = l.Tracker.TableOfIndex(schema, name);
            if (table is null || !l.IsNew(table))
            {
                var index = (schema ?? LintSql.DefaultSchema) + "." + name;
                yield return l.Finding(LintRules.DropIndexNotConcurrently, c, table, index,
                    $"DROP INDEX {index} takes an ACCESS EXCLUSIVE lock on {table ?? "its table"}: while it waits for running queries, every new query on the table queues behind it", "ACCESS EXCLUSIVE");
            }
        }
    }

    private static IEnumerable<LintFinding> AddEnumValue(StatementContext c, MigrationLinter l, AddEnumValueShape added)
    {
        if (c.InTransaction)
        {
            l.AddedEnumValues.Add((c.Segment, added.Type, added.Value));
        }

        return [];
    }

    /// <summary>An UPDATE or DELETE of <c>migrationBuilder.Sql</c> over an existing table that is not bounded to a batch or to rows named by key.</summary>
    private static IEnumerable<LintFinding> Backfill(StatementContext c, MigrationLinter l, DataChangeShape change)
    {
        var fromSql = c.Command.OperationType is null or "Sql";
        var bounded = c.InDoBlock
            ? c.BatchedLoop
            : change.Where is { } where && (LintPatterns.KeyedWhere().IsMatch(where) || LintPatterns.Limit().IsMatch(where));
        if (fromSql && !bounded && !l.IsNew(change.Table))
        {
            var scope = change.Where is null ? "every row of" : "every matching row of";
            yield return l.Finding(LintRules.UnbatchedBackfill, c, change.Table, change.Table,
                $"{change.Verb} of {scope} {change.Table} in one statement{(c.InDoBlock ? " (in a DO block that does not commit batches)" : string.Empty)}: the rows stay locked until the migration commits", "ROW EXCLUSIVE");
        }
    }
}
