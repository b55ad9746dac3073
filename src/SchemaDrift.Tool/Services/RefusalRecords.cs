using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Apply;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Services;

/// <summary>How apply and rollback record an attempt that changed nothing: in the audit trail only, never in the schema.</summary>
internal static class RefusalRecords
{
    /// <summary>
    /// Records a refused (or, with <paramref name="outcome"/>, failed) attempt, action fail, for each migration of
    /// <paramref name="plan"/>. <paramref name="create"/> false records only into an existing trail (without the lock,
    /// creating the table could race a run that holds it). A trail that cannot be written is a warning.
    /// </summary>
    public static async Task RecordAsync(
        MigrationSession session, IEnumerable<PlannedMigration> plan, string? environment, string? reason, string error, bool create,
        IProgress<ToolEvent> events, CancellationToken ct, AuditOutcome outcome = AuditOutcome.Refused)
    {
        try
        {
            if (create)
            {
                await AuditTrail.EnsureAsync(session.Connection, session.HistorySchema, ct).ConfigureAwait(false);
            }
            else if (!await AuditTrail.ExistsAsync(session.Connection, session.HistorySchema, ct).ConfigureAwait(false))
            {
                return;
            }

            var identity = CiIdentity.FromEnvironment();
            var now = DateTimeOffset.UtcNow;
            foreach (var migration in plan)
            {
                await AuditTrail.InsertAsync(session.Connection, null, session.HistorySchema, AuditRecord.For(
                    migration.Id, migration.Checksum, environment, AuditAction.Fail, outcome,
                    error.Length > 4000 ? error[..4000] : error, now, TimeSpan.Zero, identity, reason), ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            events.Warn($"the refusal could not be recorded in the audit trail: {ServerErrors.Describe(ex)}");
        }
    }
}
