using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Repair;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Integrity;

namespace SchemaDrift.Tool.Apply;

/// <summary>What a plan is written for: the database, its history table and the run's settings.</summary>
public sealed record PlanContext(
    string Label,
    string Display,
    string? Environment,
    string HistorySchema,
    string HistoryTable,
    long LockKey,
    TimeSpan LockTimeout,
    TimeSpan StatementTimeout,
    string ProductVersion)
{
    /// <summary>Whether the plan applies migrations or reverts them (<c>rollback</c>).</summary>
    public MigrationDirection Direction { get; init; }
}

/// <summary>Which way a run moves a database: applying migrations (their Up) or reverting them (their Down, newest first).</summary>
public enum MigrationDirection
{
    Up,
    Down,
}

/// <summary>A table's size as the catalog estimates it (no lock taken, nothing scanned); null members when it does not exist yet.</summary>
public sealed record TableStats(string Table, long? Rows, long? Bytes)
{
    public string Describe() => Table + " (" + Size() + ")";

    /// <summary><c>~5,000 rows, 352 kB</c>, or that the table does not exist yet.</summary>
    public string Size() => Rows is null && Bytes is null
        ? "created by this run"
        : (Rows is { } rows ? string.Create(CultureInfo.InvariantCulture, $"~{rows:N0} rows") : "rows unknown: never analyzed") + ", " + FormatBytes(Bytes ?? 0);

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} kB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}

/// <summary>What running a statement can do, in the diff's vocabulary of hazards, and said for people.</summary>
/// <param name="Kind">The hazards (<see cref="Hazards.DeletesData"/> makes the statement destructive).</param>
/// <param name="Description">What it does to what, e.g. <c>drops table shop.audit (~5,000 rows, 352 kB)</c>.</param>
public sealed record StatementHazard(Hazards Kind, string Description)
{
    /// <summary>It can destroy data: refused on a protected environment without --allow-destructive.</summary>
    public bool Destructive => Kind.HasFlag(Hazards.DeletesData);

    public override string ToString() => Description;
}

/// <summary>One statement of a planned migration: its SQL, the lock it takes, what it endangers (destructive hazards first).</summary>
public sealed record PlannedStatement(
    int Number,
    string Sql,
    bool TransactionSuppressed,
    string? Lock,
    IReadOnlyList<TableStats> Tables,
    IReadOnlyList<StatementHazard> Hazards)
{
    /// <summary>What it can destroy.</summary>
    public IEnumerable<StatementHazard> Destructive => Hazards.Where(h => h.Destructive);

    /// <summary>The repairs of a corrective migration this statement makes, as their markers name them, and whether each runs here.</summary>
    public IReadOnlyList<string> Repairs { get; init; } = [];
}

/// <summary>A migration to apply (or to revert), with its checksum (of its Up) and analysed statements (of its Up, or its Down).</summary>
public sealed record PlannedMigration(MigrationInfo Migration, string Checksum, IReadOnlyList<PlannedStatement> Statements)
{
    public string Id => Migration.Id;

    /// <summary><see cref="MigrationDirection.Down"/>: the statements are its Down, and running them reverts it.</summary>
    public MigrationDirection Direction { get; init; }

    public IEnumerable<StatementHazard> Destructive => Statements.SelectMany(s => s.Destructive);

    /// <summary>A corrective migration written by <c>fix</c> (its SQL starts with the repair's header), applied: audited as <c>fix</c>.</summary>
    public bool IsRepair => Direction == MigrationDirection.Up && Migration.Commands.Any(c => c.Sql.TrimStart().StartsWith(RepairScript.Header, StringComparison.Ordinal));

    /// <summary>The commands the plan runs: the migration's Up, or its Down when it is reverted.</summary>
    public static IReadOnlyList<MigrationCommand> CommandsOf(MigrationInfo migration, MigrationDirection direction) =>
        direction == MigrationDirection.Up ? migration.Commands : migration.DownCommands ?? [];
}

/// <summary>
/// The migrations a run would apply, each statement analysed against the live catalog: the lock it takes, the
/// affected tables' estimated rows and sizes, and whether it can destroy data (a table or column dropped, a type
/// narrowed, a table emptied). Destructiveness is read from the SQL the migration runs (inside <c>DO</c> blocks too),
/// judged against the live column types, so hand-written <c>migrationBuilder.Sql</c> is judged too; SQL built at run
/// time, which cannot be read, counts as destructive. The repairs of a corrective migration add what their markers
/// declare destructive (a comment only the database has, removed) where their guard finds the drift. A rollback's plan
/// is the same analysis of each migration's Down, in the order they are reverted.
/// </summary>
public static class ApplyPlanner
{
    public static async Task<IReadOnlyList<PlannedMigration>> PlanAsync(
        NpgsqlConnection connection, IReadOnlyList<MigrationInfo> migrations, CancellationToken ct, MigrationDirection direction = MigrationDirection.Up)
    {
        var stats = new Dictionary<string, TableStats>(StringComparer.Ordinal);
        var planned = new List<PlannedMigration>();
        foreach (var migration in migrations)
        {
            var statements = new List<PlannedStatement>();
            var number = 0;
            var commands = PlannedMigration.CommandsOf(migration, direction);
            var guards = await RepairMarkers.EvaluateAsync(connection, commands.Select(c => c.Sql), ct).ConfigureAwait(false);
            foreach (var command in commands)
            {
                number++;
                var effects = StatementAnalyzer.Analyze(command.Sql);
                var tables = new List<TableStats>();
                foreach (var table in effects.Tables)
                {
                    if (!stats.TryGetValue(table, out var known))
                    {
                        known = await StatsAsync(connection, table, ct).ConfigureAwait(false);
                        stats[table] = known;
                    }

                    tables.Add(known);
                }

                var hazards = new List<StatementHazard>();
                var destructive = new List<StatementHazard>();
                foreach (var table in effects.DroppedTables)
                {
                    var s = stats.GetValueOrDefault(table) ?? await StatsAsync(connection, table, ct).ConfigureAwait(false);
                    if (s.Bytes is not null)
                    {
                        destructive.Add(new(Hazards.DeletesData, $"drops table {s.Describe()}"));
                    }
                }

                foreach (var table in effects.Truncated)
                {
                    var s = stats.GetValueOrDefault(table) ?? await StatsAsync(connection, table, ct).ConfigureAwait(false);
                    if (s.Bytes is not null)
                    {
                        destructive.Add(new(Hazards.DeletesData, $"empties table {s.Describe()}"));
                    }
                }

                foreach (var (table, column) in effects.DroppedColumns)
                {
                    if (await ColumnTypeAsync(connection, table, column, ct).ConfigureAwait(false) is not null)
                    {
                        destructive.Add(new(Hazards.DeletesData, $"drops column {table}.{column}" + (stats.GetValueOrDefault(table) is { } size ? $" (table: {size.Size()})" : string.Empty)));
                    }
                }

                foreach (var (table, column, newType) in effects.TypeChanges)
                {
                    if (await ColumnTypeAsync(connection, table, column, ct).ConfigureAwait(false) is { } oldType)
                    {
                        if (StatementAnalyzer.IsNarrowing(oldType, newType))
                        {
                            destructive.Add(new(Hazards.DeletesData | Hazards.RewritesTable, $"narrows {table}.{column} from {oldType} to {newType} (values that do not fit fail the migration or are cut)"));
                        }
                        else
                        {
                            hazards.Add(new(Hazards.RewritesTable, $"changes the type of {table}.{column} from {oldType} to {newType} (may rewrite the table)"));
                        }
                    }
                }

                if (effects.RunsDynamicSql)
                {
                    destructive.Add(new(Hazards.DeletesData | Hazards.NeedsReview, "runs SQL that a DO block builds at run time (EXECUTE of an expression, or another language), which cannot be checked for drops: review it"));
                }

                var repairs = await RepairsAsync(connection, command.Sql, guards, effects, stats, destructive, hazards, ct).ConfigureAwait(false);
                if (command.TransactionSuppressed)
                {
                    hazards.Add(new(Hazards.OutsideTransaction, "runs outside a transaction: it cannot be rolled back with the rest of the migration"));
                }

                if (effects.Lock is "ACCESS EXCLUSIVE" && tables.Any(t => t.Bytes is not null))
                {
                    hazards.Add(new(Hazards.AccessExclusiveLock, "blocks every read and write of the table while it runs"));
                }
                else if (effects.Lock is "SHARE" or "SHARE ROW EXCLUSIVE" or "EXCLUSIVE" && tables.Any(t => t.Bytes is not null))
                {
                    hazards.Add(new(Hazards.BlocksWrites, "blocks writes to the table while it runs"));
                }

                statements.Add(new PlannedStatement(number, command.Sql, command.TransactionSuppressed, effects.Lock, tables, [.. destructive, .. hazards]) { Repairs = repairs });
            }

            planned.Add(new PlannedMigration(migration, MigrationChecksum.Compute(migration.Commands), statements) { Direction = direction });
        }

        return planned;
    }

    /// <summary>
    /// The repairs a command's markers name. A marker must match the SQL (its block runs under its own guard), else the
    /// SQL alone judges the command; a repair whose guard finds no drift here runs nothing. A repair its marker declares
    /// destructive counts as destructive where it runs, unless the SQL already showed the same table's loss.
    /// </summary>
    private static async Task<IReadOnlyList<string>> RepairsAsync(
        NpgsqlConnection connection, string sql, IReadOnlyDictionary<int, bool>? guards, StatementEffects effects,
        Dictionary<string, TableStats> stats, List<StatementHazard> destructive, List<StatementHazard> hazards, CancellationToken ct)
    {
        var markers = RepairMarkers.Read(sql);
        var lost = effects.DroppedTables.Concat(effects.Truncated).Concat(effects.DroppedColumns.Select(c => c.Table)).Concat(effects.TypeChanges.Select(c => c.Table)).ToHashSet(StringComparer.Ordinal);
        var repairs = new List<string>();
        foreach (var marker in markers)
        {
            if (!RepairMarkers.RunsUnder(sql, marker.Step))
            {
                hazards.Add(new(Hazards.NeedsReview, $"the marker of {marker.Describe()} does not match its SQL (edited by hand?): the statement is judged by its SQL alone"));
                continue;
            }

            var runs = guards?.GetValueOrDefault(marker.Step, true) ?? true;
            repairs.Add(marker.Describe() + (runs ? string.Empty : ": not needed here, its guard finds no drift"));
            if (!runs || !marker.Destructive || (marker.Table is { } covered && lost.Contains(StatementAnalyzer.Normalize(covered))))
            {
                continue;
            }

            var size = string.Empty;
            if (marker.Table is { } table)
            {
                if (!stats.TryGetValue(StatementAnalyzer.Normalize(table), out var known))
                {
                    known = await StatsAsync(connection, StatementAnalyzer.Normalize(table), ct).ConfigureAwait(false);
                    stats[known.Table] = known;
                }

                size = $" (table {known.Describe()})";
            }

            destructive.Add(new(Hazards.DeletesData, $"{marker.Describe()}{size}"));
        }

        if (markers.Count > 0 && markers.All(m => !m.Destructive) && destructive.Count > 0 && !effects.RunsDynamicSql)
        {
            hazards.Add(new(Hazards.NeedsReview, "its repair markers say it is not destructive, but its SQL is: judged by its SQL"));
        }

        return repairs;
    }

    private static async Task<TableStats> StatsAsync(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        // pg_class estimates only: no lock on the table (a size function would wait behind an ACCESS EXCLUSIVE holder).
        await using var command = new NpgsqlCommand(
            """
            SELECT c.reltuples::bigint,
                   (c.relpages::bigint + coalesce(t.relpages, 0)
                    + coalesce((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
                   * current_setting('block_size')::bigint
            FROM pg_class c LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
            WHERE c.oid = to_regclass(@name)
            """,
            connection);
        command.Parameters.AddWithValue("name", table);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            return new TableStats(table, null, null);
        }

        var rows = reader.GetInt64(0);
        return new TableStats(table, rows < 0 ? null : rows, reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
    }

    private static async Task<string?> ColumnTypeAsync(NpgsqlConnection connection, string table, string column, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = to_regclass(@table) AND a.attname = @column AND a.attnum > 0 AND NOT a.attisdropped",
            connection);
        command.Parameters.AddWithValue("table", table);
        command.Parameters.AddWithValue("column", column);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }
}
