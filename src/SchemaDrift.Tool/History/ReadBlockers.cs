using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.History;

/// <summary>
/// Who keeps a read of a database waiting: a read that waited longer than its lock timeout (SQLSTATE 55P03) names the
/// sessions it was behind, read on a connection of its own (this process's migration sessions left out).
/// </summary>
public static class ReadBlockers
{
    /// <summary>The sessions that block reads of the target now (none when they cannot be read).</summary>
    public static async Task<IReadOnlyList<LockHolder>> OfAsync(DatabaseTarget target, CancellationToken ct)
    {
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct, TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            return await LockHolder.BlockingReadsAsync(connection, MigrationInProgress.OwnSessionIds, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or DatabaseConnectionException or TimeoutException)
        {
            return [];
        }
    }

    /// <summary>The server's error, and when it is a lock timeout (SQLSTATE 55P03) the sessions the read was behind.</summary>
    public static async Task<string> DescribeAsync(DatabaseTarget target, Exception error, CancellationToken ct) =>
        ServerErrors.Describe(error) + (error is PostgresException { SqlState: PostgresErrorCodes.LockNotAvailable }
            ? ", " + LockHolder.Blockers(await OfAsync(target, ct).ConfigureAwait(false))
            : string.Empty);
}
