using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

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
        public VerifyStep Step { get; set; } = VerifyStep.Connect;
    }

    public static EnvironmentResult Failed(DatabaseTarget target, string message, FailureDetail? detail, IReadOnlyList<string> cleanup) =>
        new(target.Label, target.Display, MigrationStatus.Empty, false, [], message, null) { Failure = detail, Notes = cleanup };

    /// <summary>A server error (or a lost connection) during <paramref name="step"/>.</summary>
    public static async Task<EnvironmentResult> ServerErrorAsync(
        DatabaseTarget target, VerifyStep step, Exception error, TimeSpan? lockTimeout, IReadOnlyList<string> cleanup, CancellationToken ct)
    {
        var sqlState = (error as PostgresException)?.SqlState;
        var what = step switch
        {
            VerifyStep.History => $"reading the migrations history of {target.Display}",
            VerifyStep.Snapshot => $"reading the schema of {target.Display}",
            VerifyStep.ShadowServer => "reaching the shadow server",
            VerifyStep.ShadowReplay => "replaying the applied migrations on the shadow database",
            VerifyStep.ModelReplay => "reading the model's schema on the shadow database",
            _ => $"reading {target.Display}",
        };

        var onTarget = step is VerifyStep.Connect or VerifyStep.History or VerifyStep.Snapshot;
        if (sqlState == PostgresErrorCodes.LockNotAvailable && onTarget)
        {
            var holders = await ReadBlockers.OfAsync(target, ct).ConfigureAwait(false);
            var limit = lockTimeout is { } timeout ? $" ({Durations.Describe(timeout)})" : string.Empty;
            var message = LockHolder.WaitedTooLong(what, "its lock timeout" + limit, holders);
            return Failed(target, message, new FailureDetail(step, SqlState: sqlState) { BlockedBy = holders }, cleanup);
        }

        return Failed(target, $"{what} failed: {ServerErrors.Describe(error)}", new FailureDetail(step, SqlState: sqlState), cleanup);
    }
}
