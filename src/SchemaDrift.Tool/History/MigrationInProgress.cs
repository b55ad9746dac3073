using System.Collections.Concurrent;
using System.Globalization;
using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.History;

/// <summary>Another session ran migrations on the database for longer than a reader would wait; the message says who.</summary>
public sealed class MigrationInProgressException(string message) : Exception(message);

/// <summary>
/// Lets read-only commands (verify) live beside a running <c>apply</c>: while another session holds the tool's
/// advisory lock, or holds a lock on the migrations history table (an apply's migration transaction, or
/// <c>dotnet ef database update</c>), reading would wait behind it. So the reader waits a bounded time for the run to
/// finish, and then says a migration is in progress instead of hanging. Sessions of this process (an apply running
/// its own pre-flight and post-apply verify) are not waited for.
/// </summary>
public static class MigrationInProgress
{
    /// <summary>How long a reader waits when no other limit is given; <c>SCHEMADRIFT_MIGRATION_WAIT</c> (e.g. <c>2m</c>) overrides it.</summary>
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private static readonly ConcurrentDictionary<int, byte> OwnSessions = new();

    /// <summary>The backends of this process that hold the tool's lock (never named as a blocker).</summary>
    public static IReadOnlyCollection<int> OwnSessionIds => [.. OwnSessions.Keys];

    /// <summary>Marks a backend of this process as the holder of the tool's lock, so this process's readers do not wait for it.</summary>
    public static IDisposable RegisterOwnSession(int backendPid)
    {
        OwnSessions[backendPid] = 0;
        return new Registration(backendPid);
    }

    /// <summary>
    /// Waits (polling) until no other session runs migrations on this database, at most <paramref name="wait"/>
    /// (null: <see cref="DefaultWait"/> or the variable); then sets a lock_timeout on the session so that no read can
    /// hang behind a lock taken later: <paramref name="lockTimeout"/> when the caller has one (apply's --lock-timeout),
    /// else the remaining wait. Throws <see cref="MigrationInProgressException"/> when the wait runs out.
    /// </summary>
    /// <param name="schema">The history table's schema, as <see cref="MigrationHistory.ResolveSchemaAsync"/> gives it.</param>
    public static async Task WaitAsync(NpgsqlConnection connection, HistoryTable historyTable, string schema, CancellationToken ct, TimeSpan? wait = null, TimeSpan? lockTimeout = null)
    {
        wait ??= Durations.Parse(System.Environment.GetEnvironmentVariable("SCHEMADRIFT_MIGRATION_WAIT"), DefaultWait, "SCHEMADRIFT_MIGRATION_WAIT");
        var key = AdvisoryLock.KeyFor(connection.Database, schema, historyTable.Name);
        var started = DateTime.UtcNow;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var holders = await BusyAsync(connection, key, MigrationHistory.QualifiedName(schema, historyTable.Name), ct).ConfigureAwait(false);
            var waited = DateTime.UtcNow - started;
            if (holders.Count == 0)
            {
                var remaining = wait.Value - waited;
                await DatabaseConnector.SetLockTimeoutAsync(connection, lockTimeout ?? (remaining > TimeSpan.FromSeconds(1) ? remaining : TimeSpan.FromSeconds(1)), ct).ConfigureAwait(false);
                return;
            }

            if (waited >= wait.Value)
            {
                throw new MigrationInProgressException(string.Create(CultureInfo.InvariantCulture,
                    $"a migration is in progress on this database (waited {waited.TotalSeconds:F0} s): {string.Join("; ", holders)}. Run verify again when it has finished."));
            }

            var jittered = delay * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(jittered < wait.Value - waited ? jittered : wait.Value - waited, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>Other sessions holding the tool's advisory lock or any lock on the history table, with who they are.</summary>
    private static async Task<IReadOnlyList<LockHolder>> BusyAsync(NpgsqlConnection connection, long key, string historyTable, CancellationToken ct)
    {
        const string sql = """
            SELECT DISTINCT a.pid, a.application_name, host(a.client_addr), a.usename, a.backend_start, a.state, a.query
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.granted AND l.pid <> pg_backend_pid() AND NOT (l.pid = ANY(@own))
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((l.locktype = 'advisory' AND l.classid = @high AND l.objid = @low AND l.objsubid = 1)
                   OR (l.locktype = 'relation' AND l.relation = to_regclass(@history) AND l.mode <> 'AccessShareLock'))
            ORDER BY a.backend_start
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("own", OwnSessions.Keys.ToArray());
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        command.Parameters.AddWithValue("history", historyTable);
        return await LockHolder.ReadAsync(command, ct).ConfigureAwait(false);
    }

    private sealed class Registration(int pid) : IDisposable
    {
        public void Dispose() => OwnSessions.TryRemove(pid, out _);
    }
}
