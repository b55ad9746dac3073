using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Verification;

/// <summary>
/// Turns a failure while verifying one environment into its result, cause first: the step, the migration and the
/// statement when one was running, the server's error and SQLSTATE, and, when a read waited too long for a lock, who
/// holds it. Cleanup that failed afterwards (a shadow database that could not be dropped) follows as notes.
/// </summary>
internal static class VerifyFailures
{
    /// <summary>The step a verification is in, so that a server error names where it happened.</summary>
    public sealed class Tracker
    {
        public string Step { get; set; } = FailureDetail.Connect;
    }

    public static EnvironmentResult Failed(DatabaseTarget target, string message, FailureDetail? detail, IReadOnlyList<string> cleanup) =>
        new(target.Label, target.Display, MigrationStatus.Empty, false, [], message, null) { Failure = detail, Notes = cleanup };

    /// <summary>A server error (or a lost connection) during <paramref name="step"/>.</summary>
    public static async Task<EnvironmentResult> ServerErrorAsync(
        DatabaseTarget target, string step, Exception error, TimeSpan? lockTimeout, IReadOnlyList<string> cleanup, CancellationToken ct)
    {
        var sqlState = (error as PostgresException)?.SqlState;
        var what = step switch
        {
            FailureDetail.History => $"reading the migrations history of {target.Display}",
            FailureDetail.Snapshot => $"reading the schema of {target.Display}",
            FailureDetail.ShadowServer => "reaching the shadow server",
            FailureDetail.ShadowReplay => "replaying the applied migrations on the shadow database",
            FailureDetail.ModelReplay => "reading the model's schema on the shadow database",
            _ => $"reading {target.Display}",
        };

        var onTarget = step is FailureDetail.Connect or FailureDetail.History or FailureDetail.Snapshot;
        if (sqlState == PostgresErrorCodes.LockNotAvailable && onTarget)
        {
            var holders = await BlockersAsync(target, ct).ConfigureAwait(false);
            var limit = lockTimeout is { } timeout ? $" ({Durations.Describe(timeout)})" : string.Empty;
            var message = $"{what} waited longer than its lock timeout{limit} for a lock (SQLSTATE 55P03), {BlockedReads.Blockers(holders)}";
            return Failed(target, message, new FailureDetail(step, SqlState: sqlState) { BlockedBy = holders }, cleanup);
        }

        return Failed(target, $"{what} failed: {MigrationExecutor.ServerError(error)}", new FailureDetail(step, SqlState: sqlState), cleanup);
    }

    /// <summary>The sessions that block reads of the target now (none when they cannot be read).</summary>
    private static async Task<IReadOnlyList<LockHolder>> BlockersAsync(DatabaseTarget target, CancellationToken ct)
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
}
