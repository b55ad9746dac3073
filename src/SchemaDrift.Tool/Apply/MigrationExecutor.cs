using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Apply;

/// <summary>How migrations run, and what the audit trail records about who ran them.</summary>
public sealed record ExecutionOptions(
    int Retries,
    string? Environment,
    string? Reason,
    CiIdentity Identity,
    string ProductVersion,
    AuditAction Action = AuditAction.Apply)
{
    /// <summary>The first back-off before a retry (doubled each time, jittered, at most 30 s).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}

/// <summary>A migration failed: it was rolled back (as far as it ran inside a transaction) and nothing after it ran.</summary>
public sealed class MigrationFailedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>What could not be done after the failure (recording it in the audit trail…): printed after the message.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>
/// Runs migrations on the connection that holds the tool's advisory lock. A migration runs in one transaction, which
/// first takes EF Core's own lock (<c>LOCK TABLE</c> history <c>IN ACCESS EXCLUSIVE MODE</c>, as Npgsql's migrator
/// does), re-reads the history so nothing runs twice, and commits the statements together with the history row and
/// the audit record. A migration planned <see cref="MigrationDirection.Down"/> is reverted the same way: its Down
/// statements, then its history row removed, in the same transaction. A migration with statements that cannot run in a
/// transaction is split around them (see <see cref="ApplySplitAsync"/>). A statement that fails on lock_timeout is
/// retried (its whole part again) with back-off.
/// </summary>
public sealed class MigrationExecutor(
    NpgsqlConnection connection,
    string historySchema,
    string historyTable,
    ExecutionOptions options,
    IProgress<ToolEvent> events)
{
    private readonly string history = MigrationHistory.QualifiedName(historySchema, historyTable);
    private readonly List<long> auditIds = [];

    /// <summary>The audit rows this executor wrote (for the post-apply verify's result).</summary>
    public IReadOnlyList<long> AuditIds => auditIds;

    /// <summary>Creates the history table (as EF Core does) and the audit table when missing.</summary>
    public async Task EnsureTablesAsync(CancellationToken ct)
    {
        var sql = MigrationHistory.EnsureSchemaSql(historySchema) + "\n" + MigrationHistory.CreateTableSql(historySchema, historyTable);
        try
        {
            // Only when missing: CREATE TABLE IF NOT EXISTS needs CREATE on the schema even when the table is there.
            await using var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
            exists.Parameters.AddWithValue("name", history);
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                await using var create = new NpgsqlCommand(sql, connection);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
        {
            // EF Core (which does not take our advisory lock) created it at the same moment.
        }

        await AuditTrail.EnsureAsync(connection, historySchema, ct).ConfigureAwait(false);
    }

    /// <summary>Applies (or reverts) one migration; false when it turned out to be applied (or reverted) already, by a concurrent EF Core migrator.</summary>
    public async Task<bool> ApplyAsync(PlannedMigration migration, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var invalidBefore = await InvalidIndexesQuietlyAsync(ct).ConfigureAwait(false);
        var run = new Attempt(migration, started, clock, invalidBefore);
        return migration.Statements.Any(s => s.TransactionSuppressed)
            ? await ApplySplitAsync(run, ct).ConfigureAwait(false)
            : await RetryingAsync(run, suppressed: false, current => RunTransactionAsync(migration, migration.Statements, checkApplied: true, record: true, started, clock, ct, current), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A migration with statements that cannot run in a transaction: its transactional parts commit one by one, each
    /// under EF Core's lock, and the suppressed statements run on their own, under the advisory lock only (a
    /// concurrent index build waits for every open transaction of the database, so no transaction can hold EF Core's
    /// lock across it). The history row and the audit record commit with the last part (or in a transaction of their
    /// own after a final suppressed statement).
    /// </summary>
    private async Task<bool> ApplySplitAsync(Attempt run, CancellationToken ct)
    {
        var migration = run.Migration;
        var segments = new List<(bool Suppressed, List<PlannedStatement> Statements)>();
        foreach (var statement in migration.Statements)
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

        if (segments[^1].Suppressed)
        {
            segments.Add((false, []));
        }

        for (var i = 0; i < segments.Count; i++)
        {
            var (suppressed, segment) = segments[i];
            var first = i == 0;
            var last = i == segments.Count - 1;
            if (suppressed)
            {
                // Check under EF Core's lock that no one applied it meanwhile, before a statement that cannot be undone.
                if (first && !await RetryingAsync(run, suppressed: false, current => RunTransactionAsync(migration, [], checkApplied: true, record: false, run.Started, run.Clock, ct, current), ct).ConfigureAwait(false))
                {
                    return false;
                }

                await RetryingAsync(run, suppressed: true, async current =>
                {
                    current(MigrationStep.Run(segment[0], migration.Statements.Count));
                    await ExecuteAsync(segment[0].Sql, null, ct).ConfigureAwait(false);
                    return true;
                }, ct).ConfigureAwait(false);
            }
            else if (!await RetryingAsync(run, suppressed: false, current => RunTransactionAsync(migration, segment, checkApplied: first, record: last, run.Started, run.Clock, ct, current), ct).ConfigureAwait(false))
            {
                return false;
            }

            run.Committed += segment.Count;
        }

        return true;
    }

    /// <summary>
    /// Runs one part of a migration; a statement that fails on lock_timeout (outside a suppressed statement) runs the
    /// part again after a back-off, up to --retries times, each retry logged and audited. Any other failure (or the
    /// last retry's) is audited and thrown as <see cref="MigrationFailedException"/> naming the migration, the
    /// statement and the server's error.
    /// </summary>
    private async Task<bool> RetryingAsync(Attempt run, bool suppressed, Func<Action<MigrationStep>, Task<bool>> part, CancellationToken ct)
    {
        var migration = run.Migration;
        for (var attempt = 0; ; attempt++)
        {
            var step = MigrationStep.Lock;
            try
            {
                return await part(current => step = current).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
            {
                // The cause comes first; what cannot be done after it (the connection may be gone) becomes notes.
                var message = ServerErrors.Describe(ex) + (ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }
                    ? "; " + LockHolder.Blockers(await LockHolder.OnRelationsQuietlyAsync(connection, step.Relations(history), MigrationInProgress.OwnSessionIds, ct).ConfigureAwait(false))
                    : string.Empty);
                var where = step.Where;
                var failed = step.Statement;
                var retriable = ex is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable } && !suppressed;
                if (retriable && attempt < options.Retries)
                {
                    var delay = Backoff(attempt);
                    var note = string.Create(CultureInfo.InvariantCulture,
                        $"{migration.Id}: {where} failed on lock_timeout ({message}); retry {attempt + 1} of {options.Retries} in {delay.TotalSeconds:0.#} s");
                    events.Warn(note);
                    await RecordFailureAsync(migration, run.Started, run.Clock.Elapsed, note, ct).ConfigureAwait(false);
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                    continue;
                }

                // A statement the server cannot even parse (a NUL byte) breaks the connection: the error is then all there is to say.
                var invalid = (await InvalidIndexesQuietlyAsync(ct).ConfigureAwait(false)).Except(run.InvalidBefore, StringComparer.Ordinal).ToList();

                // An invalid index an earlier, interrupted concurrent build left under the same name makes the build fail again.
                var stale = failed is null ? [] : run.InvalidBefore.Where(name => failed.Sql.Contains(IndexName(name), StringComparison.Ordinal)).ToList();
                var text = (migration.Direction == MigrationDirection.Down ? "reverting " : string.Empty) + $"migration {migration.Id} failed at {where}: {message}. " +
                    (run.Committed == 0
                        ? migration.Direction == MigrationDirection.Up ? "It was rolled back; nothing after it ran." : "Its transaction was rolled back, so it stays applied; nothing after it ran."
                        : string.Create(CultureInfo.InvariantCulture, $"Its first {run.Committed} statement(s) stay committed (a statement that cannot run in a transaction split it); the rest was rolled back and nothing after it ran.")) +
                    (invalid.Count == 0 ? string.Empty : $" The failed concurrent build left the invalid index {string.Join(", ", invalid)}: drop it (DROP INDEX CONCURRENTLY {invalid[0]};) before running {Verb(migration)} again.") +
                    (stale.Count == 0 ? string.Empty : $" The invalid index {string.Join(", ", stale)} of an earlier, interrupted build is in the way: drop it (DROP INDEX CONCURRENTLY {stale[0]};) and run {Verb(migration)} again.") +
                    (retriable && options.Retries > 0 ? string.Create(CultureInfo.InvariantCulture, $" Gave up after {options.Retries} retries.") : string.Empty);
                var unrecorded = await TryRecordFailureAsync(migration, run.Started, run.Clock.Elapsed, text, ct).ConfigureAwait(false);
                throw new MigrationFailedException(text, ex) { Notes = unrecorded is null ? [] : [unrecorded] };
            }
        }
    }

    /// <summary>Records a failed attempt on its own (the migration's transaction is gone); a broken connection only warns.</summary>
    public async Task RecordFailureAsync(PlannedMigration migration, DateTimeOffset started, TimeSpan duration, string error, CancellationToken ct)
    {
        if (await TryRecordFailureAsync(migration, started, duration, error, ct).ConfigureAwait(false) is { } note)
        {
            events.Warn(note);
        }
    }

    /// <summary>Records a failed attempt; returns why it could not be recorded (null when it was).</summary>
    private async Task<string?> TryRecordFailureAsync(PlannedMigration migration, DateTimeOffset started, TimeSpan duration, string error, CancellationToken ct)
    {
        try
        {
            auditIds.Add(await AuditTrail.InsertAsync(connection, null, historySchema, Record(migration, AuditAction.Fail, AuditOutcome.Failed, error, started, duration), ct).ConfigureAwait(false));
            return null;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return $"the failure of {migration.Id} could not be recorded in the audit trail: {ServerErrors.Describe(ex)}";
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
        Action<MigrationStep> current)
    {
        var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        try
        {
            current(MigrationStep.Lock);
            await ExecuteAsync($"LOCK TABLE {history} IN ACCESS EXCLUSIVE MODE", transaction, ct).ConfigureAwait(false);
            if (checkApplied && await AppliedAsync(connection, transaction, migration.Id, ct).ConfigureAwait(false) == (migration.Direction == MigrationDirection.Up))
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
                events.Info($"  {migration.Id} was {(migration.Direction == MigrationDirection.Up ? "applied" : "reverted")} meanwhile by another migrator; skipped");
                return false;
            }

            foreach (var statement in statements)
            {
                current(MigrationStep.Run(statement, migration.Statements.Count));
                await ExecuteAsync(statement.Sql, transaction, ct).ConfigureAwait(false);
            }

            current(record ? MigrationStep.Record : MigrationStep.Commit);
            if (record)
            {
                await RecordAsync(connection, transaction, migration, started, clock.Elapsed, ct).ConfigureAwait(false);
            }
            else
            {
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }

            return true;
        }
        finally
        {
            try
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // A broken connection: the server rolls the transaction back; the failure itself is what gets reported.
            }
        }
    }

    private async Task<bool> AppliedAsync(NpgsqlConnection on, NpgsqlTransaction transaction, string id, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {history} WHERE \"MigrationId\" = @id)", on, transaction);
        check.Parameters.AddWithValue("id", id);
        return await check.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }

    /// <summary>Inserts (or, reverting, deletes) the history row and inserts the audit record in <paramref name="transaction"/>, and commits it.</summary>
    private async Task RecordAsync(NpgsqlConnection on, NpgsqlTransaction transaction, PlannedMigration migration, DateTimeOffset started, TimeSpan duration, CancellationToken ct)
    {
        await using (var row = migration.Direction == MigrationDirection.Up
            ? new NpgsqlCommand($"INSERT INTO {history} (\"MigrationId\", \"ProductVersion\") VALUES (@id, @version)", on, transaction)
            : new NpgsqlCommand($"DELETE FROM {history} WHERE \"MigrationId\" = @id", on, transaction))
        {
            row.Parameters.AddWithValue("id", migration.Id);
            if (migration.Direction == MigrationDirection.Up)
            {
                row.Parameters.AddWithValue("version", options.ProductVersion);
            }

            await row.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var id = await AuditTrail.InsertAsync(on, transaction, historySchema,
            Record(migration, migration.IsRepair && options.Action == AuditAction.Apply ? AuditAction.Fix : options.Action, AuditOutcome.Succeeded, null, started, duration), ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        auditIds.Add(id);
    }

    /// <summary>The command to run again, for messages.</summary>
    private static string Verb(PlannedMigration migration) => migration.Direction == MigrationDirection.Up ? "apply" : "rollback";

    private AuditRecord Record(PlannedMigration migration, AuditAction action, AuditOutcome outcome, string? error, DateTimeOffset started, TimeSpan duration) =>
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

    /// <summary>The invalid indexes after a failure; none when they cannot be read (the connection is gone).</summary>
    private async Task<IReadOnlyList<string>> InvalidIndexesQuietlyAsync(CancellationToken ct)
    {
        try
        {
            return await InvalidIndexesAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return [];
        }
    }

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

    /// <summary>One migration's run: when it started, what it committed so far, the invalid indexes before it.</summary>
    private sealed class Attempt(PlannedMigration migration, DateTimeOffset started, Stopwatch clock, IReadOnlyList<string> invalidBefore)
    {
        public PlannedMigration Migration { get; } = migration;

        public DateTimeOffset Started { get; } = started;

        public Stopwatch Clock { get; } = clock;

        public IReadOnlyList<string> InvalidBefore { get; } = invalidBefore;

        public int Committed { get; set; }
    }
}
