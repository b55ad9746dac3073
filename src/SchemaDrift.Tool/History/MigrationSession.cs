using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.History;

/// <summary>How a migration session presents itself and what it may wait for.</summary>
/// <param name="ApplicationName">Its <c>application_name</c> (unless the connection names one), so pg_stat_activity and a
/// waiting run show who holds the lock.</param>
/// <param name="LockTimeout">The session's <c>lock_timeout</c> (null: the connector's default).</param>
/// <param name="StatementTimeout">The session's <c>statement_timeout</c> (null: the server's).</param>
public sealed record SessionSettings(string ApplicationName, TimeSpan? LockTimeout = null, TimeSpan? StatementTimeout = null)
{
    /// <summary>
    /// Set with the timeouts, on PostgreSQL 14+: the server checks every second that the client is still there, so a
    /// killed runner's session ends within a second even mid-statement, and its locks and transaction go with it.
    /// </summary>
    public bool EndsWithClient => LockTimeout is not null || StatementTimeout is not null;
}

/// <summary>
/// The one session that changes a database's migrations (<c>apply</c>, <c>baseline</c>): a pinned connection named for
/// its command, with its session settings, the schema of the history table, and the tool's session-level advisory lock
/// (key: the database and the history table, <see cref="AdvisoryLock.KeyFor"/>), held until the session ends. While it
/// holds the lock, readers of this process (the pre-flight and post-apply verify) do not wait for it.
/// </summary>
public sealed class MigrationSession : IAsyncDisposable
{
    private AdvisoryLock? advisory;
    private IDisposable? ownSession;
    private string? historySchema;

    private MigrationSession(DatabaseTarget target, HistoryTable historyTable, NpgsqlConnection connection)
    {
        Target = target;
        HistoryTable = historyTable;
        Connection = connection;
    }

    public DatabaseTarget Target { get; }

    public HistoryTable HistoryTable { get; }

    public NpgsqlConnection Connection { get; }

    /// <summary>The schema of the history table (see <see cref="ReadHistorySchemaAsync"/>).</summary>
    public string HistorySchema => historySchema ?? throw new InvalidOperationException("The history table's schema was not read yet.");

    /// <summary>The history table's name, quoted as EF Core quotes it.</summary>
    public string QualifiedHistory => MigrationHistory.QualifiedName(HistorySchema, HistoryTable.Name);

    /// <summary>The key of the tool's advisory lock for this database and history table.</summary>
    public long LockKey => AdvisoryLock.KeyFor(Connection.Database, HistorySchema, HistoryTable.Name);

    /// <summary>
    /// Opens the session; a database that cannot be reached is an environment error naming it. Statements on the
    /// session have no client-side command timeout: the server's timeouts bound them.
    /// </summary>
    public static async Task<MigrationSession> OpenAsync(DatabaseTarget target, HistoryTable historyTable, SessionSettings settings, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.Connection.ConnectionString);
        if (settings.EndsWithClient)
        {
            builder.CommandTimeout = 0;
        }

        if (string.IsNullOrEmpty(builder.ApplicationName))
        {
            builder.ApplicationName = settings.ApplicationName;
        }

        NpgsqlConnection connection;
        try
        {
            connection = await DatabaseConnector.OpenAsync(builder, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }

        var session = new MigrationSession(target, historyTable, connection);
        if (settings.EndsWithClient)
        {
            try
            {
                await session.ApplyAsync(settings, ct).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return session;
    }

    /// <summary>
    /// Reads where the history table is, once; <paramref name="bounded"/> runs the read (apply's retries on a lock
    /// timeout), or it runs as it is.
    /// </summary>
    public async Task<string> ReadHistorySchemaAsync(CancellationToken ct, Func<Func<Task<string>>, Task<string>>? bounded = null)
    {
        Task<string> Read() => MigrationHistory.ResolveSchemaAsync(Connection, HistoryTable, ct);
        historySchema ??= bounded is null ? await Read().ConfigureAwait(false) : await bounded(Read).ConfigureAwait(false);
        return historySchema;
    }

    /// <summary>The ids the history table lists, read now on the session (its schema read first, <see cref="ReadHistorySchemaAsync"/>).</summary>
    public Task<IReadOnlyList<string>> ReadAppliedAsync(CancellationToken ct) =>
        MigrationHistory.ReadAppliedAsync(Connection, HistoryTable, ct, HistorySchema);

    /// <summary>
    /// Takes the tool's advisory lock, waiting at most <paramref name="wait"/> (polled with jittered back-off);
    /// <see cref="LockNotAcquiredException"/> names who holds it. It is released when the session ends.
    /// </summary>
    public async Task LockAsync(TimeSpan wait, CancellationToken ct)
    {
        advisory = await AdvisoryLock.AcquireAsync(Connection, LockKey, wait, ct).ConfigureAwait(false);
        ownSession = MigrationInProgress.RegisterOwnSession(Connection.ProcessID);
    }

    /// <summary>Releases the lock (while the connection is open; a closed session released it with itself) and closes the session.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (advisory is not null && Connection.FullState == System.Data.ConnectionState.Open)
            {
                await advisory.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            advisory = null;
            ownSession?.Dispose();
            ownSession = null;
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task ApplyAsync(SessionSettings settings, CancellationToken ct)
    {
        var sql = string.Empty;
        if (settings.LockTimeout is { } lockTimeout)
        {
            sql += $"SET lock_timeout = '{Durations.ToSetting(lockTimeout)}'; ";
        }

        if (settings.StatementTimeout is { } statementTimeout)
        {
            sql += $"SET statement_timeout = '{Durations.ToSetting(statementTimeout)}'; ";
        }

        if (Connection.PostgreSqlVersion.Major >= 14)
        {
            sql += "SET client_connection_check_interval = '1s';";
        }

        await using var command = new NpgsqlCommand(sql.TrimEnd(), Connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
