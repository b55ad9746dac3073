using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.Hosting;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Integrity;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>One environment's migrations against the code's, or why they could not be read.</summary>
public sealed record EnvironmentStatus(DatabaseTarget Target, MigrationStatus Status, string? Error);

/// <summary>The code's migrations and each environment's status.</summary>
public sealed record StatusReport(MigrationsInfo Migrations, IReadOnlyList<EnvironmentStatus> Results)
{
    public bool HasErrors => Results.Any(r => r.Error is not null);
}

/// <summary>
/// <c>status</c>: each environment's applied, pending, unknown and out-of-order migrations, and whether their checksums
/// were recorded; read-only and quick (the history table and the audit trail only).
/// </summary>
public static class StatusService
{
    public static async Task<StatusReport> RunAsync(
        IReadOnlyList<DatabaseTarget> targets, HostOptions host, SchemaDriftConfig config, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var application = await LoadedApplication.LoadAsync(host with { Parts = MigrationParts.None }, config, events, ct, "loading the application's migrations").ConfigureAwait(false);
        return await ReadAsync(targets, application.Migrations, ct).ConfigureAwait(false);
    }

    /// <summary>The status of each target against already loaded migrations; a database that cannot be read is an error in its status.</summary>
    public static async Task<StatusReport> ReadAsync(IReadOnlyList<DatabaseTarget> targets, MigrationsInfo migrations, CancellationToken ct = default)
    {
        var checksums = migrations.Migrations.ToDictionary(m => m.Id, m => MigrationChecksum.Compute(m.Commands), StringComparer.Ordinal);
        var codeIds = migrations.Migrations.Select(m => m.Id).ToList();
        var results = new List<EnvironmentStatus>();
        foreach (var target in targets)
        {
            try
            {
                await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
                var schema = await MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
                var history = await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct, schema).ConfigureAwait(false);
                var recorded = await AuditTable.ReadRecordedChecksumsAsync(connection, schema, ct).ConfigureAwait(false);
                var (status, _) = HistoryFindings.CompareChecksums(MigrationHistory.Compare(codeIds, history), checksums, recorded);
                results.Add(new EnvironmentStatus(target, status, null));
            }
            catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException)
            {
                var message = ex is DatabaseConnectionException ? ex.Message : await ReadBlockers.DescribeAsync(target, ex, ct).ConfigureAwait(false);
                results.Add(new EnvironmentStatus(target, MigrationStatus.Empty, message));
            }
        }

        return new StatusReport(migrations, results);
    }
}
