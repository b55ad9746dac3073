using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Tool.Migrations;
using SchemaDrift.Tool.Reporting;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Apply;

/// <summary>How migrations run, and what the audit trail records about who ran them.</summary>
public sealed record ExecutionOptions(
    int Retries,
    string? Environment,
    string? Reason,
    CiIdentity Identity,
    string ProductVersion,
    string Action = AuditTable.ActionApply)
{
    /// <summary>The first back-off before a retry (doubled each time, jittered, at most 30 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>A migration failed: it was rolled back (as far as it ran inside a transaction) and nothing after it ran.</summary>
public sealed class MigrationFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs migrations on the connection that holds the tool's advisory lock. Each migration runs in its own
/// transaction, which first takes EF Core's own lock (<c>LOCK TABLE</c> history <c>IN ACCESS EXCLUSIVE MODE</c>, as
/// Npgsql's migrator does), re-reads the history so nothing runs twice, and commits the statements together with the
/// history row and the audit record. Statements that cannot run in a transaction run on their own, still under the
/// advisory lock. A statement that fails on lock_timeout is retried (the whole transaction again) with back-off.
/// </summary>
public sealed class MigrationExecutor(NpgsqlConnection connection, string historySchema, string historyTable, ExecutionOptions options, ToolConsole console)
{
    private readonly string history = MigrationHistory.Quote(historySchema) + "." + MigrationHistory.Quote(historyTable);
    private readonly List<long> auditIds = [];

    /// <summary>The audit rows this executor wrote (for the post-apply verify's result).</summary>
    public IReadOnlyList<long> AuditIds => auditIds;

    /// <summary>Creates the history table (as EF Core does) and the audit table when missing.</summary>
    public async Task EnsureTablesAsync(CancellationToken ct)
    {
        var sql = $"""
            CREATE SCHEMA IF NOT EXISTS {MigrationHistory.Quote(historySchema)};
            CREATE TABLE IF NOT EXISTS {history} (
                "MigrationId" character varying(150) NOT NULL,
                "ProductVersion" character varying(32) NOT NULL,
                CONSTRAINT {MigrationHistory.Quote("PK_" + historyTable)} PRIMARY KEY ("MigrationId")
            );
            """;
        try
        {
            await using (var create = new NpgsqlCommand(sql, connection))
            {
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
        {
            // EF Core (which does not take our advisory lock) created it at the same moment.
        }

        await AuditTrail.EnsureAsync(connection, historySchema, ct).ConfigureAwait(false);
    }

    /// <summary>Applies one migration; false when it turned out to be applied already (by a concurrent EF Core migrator).</summary>
    public async Task<bool> ApplyAsync(PlannedMigration migration, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var statements = migration.Statements;
        var invalidBefore = await InvalidIndexesAsync(ct).ConfigureAwait(false);
        var committed = 0;

        // Segments: runs of transactional statements, and single transaction-suppressed ones.
        var segments = new List<(bool Suppressed, List<PlannedStatement> Statements)>();
        foreach (var statement in statements)
        {
            if (statement.TransactionSuppressed || segments.Count == 0 || segments[^1].Suppressed)
            {
                segments.Add((statement.TransactionSuppressed, [statement]));
            }
            else
            {
                segments[^1].Statements.Add(statement);
            }
        }

        if (segments.Count == 0 || segments[^1].Suppressed)
        {
            // The history row and audit record need a transaction of their own at the end.
            segments.Add((false, []));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var (suppressed, segment) = segments[i];
            var first = i == 0;
            var last = i == segments.Count - 1;
            for (var attempt = 0; ; attempt++)
            {
                PlannedStatement? failed = null;
                try
                {
                    if (suppressed)
                    {
                        // Check under EF Core's lock that no one applied it meanwhile, before a statement that cannot be undone.
                        if (first && !await RunTransactionAsync(migration, [], checkApplied: true, record: false, started, clock, ct).ConfigureAwait(false))
                        {
                            return false;
                        }

                        failed = segment[0];
                        await ExecuteAsync(segment[0].Sql, null, ct).ConfigureAwait(false);
                        failed = null;
                    }
                    else if (!await RunTransactionAsync(migration, segment, checkApplied: first, record: last, started, clock, ct, s => failed = s).ConfigureAwait(false))
                    {
                        return false;
                    }

                    committed += segment.Count;
                    break;
                }
                catch (Exception ex) when (ex is PostgresException or NpgsqlException && !ct.IsCancellationRequested)
                {
                    var message = ServerError(ex);
                    var where = failed is null
                        ? "taking EF Core's lock on the history table"
                        : string.Create(CultureInfo.InvariantCulture, $"statement {failed.Number} of {statements.Count} ({Abbreviate(failed.Sql)})");
                    var retriable = ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } && !suppressed;
                    if (retriable && attempt < options.Retries)
                    {
                        var delay = Backoff(attempt);
                        var note = string.Create(CultureInfo.InvariantCulture,
                            $"{migration.Id}: {where} failed on lock_timeout ({message}); retry {attempt + 1} of {options.Retries} in {delay.TotalSeconds:0.#} s");
                        console.Warn(note);
                        await RecordFailureAsync(migration, started, clock.Elapsed, note, ct).ConfigureAwait(false);
                        await Task.Delay(delay, ct).ConfigureAwait(false);
                        continue;
                    }

                    var invalid = (await InvalidIndexesAsync(ct).ConfigureAwait(false)).Except(invalidBefore, StringComparer.Ordinal).ToList();

                    // An invalid index an earlier, interrupted concurrent build left under the same name makes the build fail again.
                    var stale = failed is null ? [] : invalidBefore.Where(name => failed.Sql.Contains(IndexName(name), StringComparison.Ordinal)).ToList();
                    var text = $"migration {migration.Id} failed at {where}: {message}. " +
                        (committed == 0
                            ? "It was rolled back; nothing after it ran."
                            : string.Create(CultureInfo.InvariantCulture, $"Its first {committed} statement(s) stay committed (a statement that cannot run in a transaction split it); the rest was rolled back and nothing after it ran.")) +
                        (invalid.Count == 0 ? string.Empty : $" The failed concurrent build left the invalid index {string.Join(", ", invalid)}: drop it (DROP INDEX CONCURRENTLY {invalid[0]};) before running apply again.") +
                        (stale.Count == 0 ? string.Empty : $" The invalid index {string.Join(", ", stale)} of an earlier, interrupted build is in the way: drop it (DROP INDEX CONCURRENTLY {stale[0]};) and run apply again.") +
                        (retriable && options.Retries > 0 ? string.Create(CultureInfo.InvariantCulture, $" Gave up after {options.Retries} retries.") : string.Empty);
                    await RecordFailureAsync(migration, started, clock.Elapsed, text, ct).ConfigureAwait(false);
                    throw new MigrationFailedException(text, ex);
                }
            }
        }

        var leftInvalid = (await InvalidIndexesAsync(ct).ConfigureAwait(false)).Except(invalidBefore, StringComparer.Ordinal).ToList();
        if (leftInvalid.Count > 0)
        {
            console.Warn($"{migration.Id} left the invalid index {string.Join(", ", leftInvalid)}: rebuild it with REINDEX INDEX CONCURRENTLY.");
        }

        return true;
    }

    /// <summary>Records a failed attempt on its own (the migration's transaction is gone); a broken connection only warns.</summary>
    public async Task RecordFailureAsync(PlannedMigration migration, DateTimeOffset started, TimeSpan duration, string error, CancellationToken ct)
    {
        try
        {
            auditIds.Add(await AuditTrail.InsertAsync(connection, null, historySchema, Record(migration, AuditTable.ActionFail, AuditTable.OutcomeFailed, error, started, duration), ct).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            console.Warn($"the failure of {migration.Id} could not be recorded in the audit trail: {ServerError(ex)}");
        }
    }

    private async Task<bool> RunTransactionAsync(
        PlannedMigration migration,
        IReadOnlyList<PlannedStatement> statements,
        bool checkApplied,
        bool record,
        DateTimeOffset started,
        Stopwatch clock,
        CancellationToken ct,
        Action<PlannedStatement?>? current = null)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        current?.Invoke(null);
        await ExecuteAsync($"LOCK TABLE {history} IN ACCESS EXCLUSIVE MODE", transaction, ct).ConfigureAwait(false);
        if (checkApplied)
        {
            await using var check = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {history} WHERE \"MigrationId\" = @id)", connection, transaction);
            check.Parameters.AddWithValue("id", migration.Id);
            if (await check.ExecuteScalarAsync(ct).ConfigureAwait(false) is true)
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                console.Info($"  {migration.Id} was applied meanwhile by another migrator; skipped");
                return false;
            }
        }

        foreach (var statement in statements)
        {
            current?.Invoke(statement);
            await ExecuteAsync(statement.Sql, transaction, ct).ConfigureAwait(false);
        }

        current?.Invoke(null);
        if (record)
        {
            await using (var insert = new NpgsqlCommand($"INSERT INTO {history} (\"MigrationId\", \"ProductVersion\") VALUES (@id, @version)", connection, transaction))
            {
                insert.Parameters.AddWithValue("id", migration.Id);
                insert.Parameters.AddWithValue("version", options.ProductVersion);
                await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var id = await AuditTrail.InsertAsync(connection, transaction, historySchema,
                Record(migration, options.Action, AuditTable.OutcomeSucceeded, null, started, clock.Elapsed), ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            auditIds.Add(id);
            return true;
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return true;
    }

    private AuditRecord Record(PlannedMigration migration, string action, string outcome, string? error, DateTimeOffset started, TimeSpan duration) =>
        AuditRecord.For(migration.Id, migration.Checksum, options.Environment, action, outcome, error, started, duration, options.Identity, options.Reason);

    private async Task ExecuteAsync(string sql, NpgsqlTransaction? transaction, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> InvalidIndexesAsync(CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_index x JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT x.indisvalid ORDER BY 1",
            connection);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>Invalid indexes (left by interrupted or failed concurrent builds), schema-qualified and quoted as needed.</summary>
    public Task<IReadOnlyList<string>> InvalidIndexesNowAsync(CancellationToken ct) => InvalidIndexesAsync(ct);

    /// <summary>The index's own name as SQL writes it (<c>"IX_a"</c> of <c>ledger."IX_a"</c>).</summary>
    private static string IndexName(string qualified)
    {
        var dot = qualified.StartsWith('"') ? qualified.IndexOf("\".", StringComparison.Ordinal) + 1 : qualified.IndexOf('.', StringComparison.Ordinal);
        return dot <= 0 || dot >= qualified.Length - 1 ? qualified : qualified[(dot + 1)..];
    }

    private TimeSpan Backoff(int attempt)
    {
        var delay = options.RetryDelay.TotalMilliseconds * Math.Pow(2, attempt) * (0.75 + (Random.Shared.NextDouble() / 2));
        return TimeSpan.FromMilliseconds(Math.Min(delay, 30_000));
    }

    /// <summary>The server's error as one line: its message and SQLSTATE, plus detail and hint when given.</summary>
    public static string ServerError(Exception ex) => ex switch
    {
        PostgresException pg => $"{pg.MessageText} (SQLSTATE {pg.SqlState})" +
            (string.IsNullOrEmpty(pg.Detail) ? string.Empty : $"; {pg.Detail}") +
            (string.IsNullOrEmpty(pg.Hint) ? string.Empty : $"; hint: {pg.Hint}"),
        _ => ex.InnerException is { } inner ? $"{ex.Message.TrimEnd('.')}: {inner.Message}" : ex.Message,
    };

    /// <summary>A statement's first line, shortened, for messages.</summary>
    public static string Abbreviate(string sql)
    {
        var line = sql.Trim().Split('\n')[0].Trim();
        return line.Length <= 100 ? line : line[..97] + "...";
    }
}
