using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Backups;
using SchemaDrift.Tool.Configuration;

namespace SchemaDrift.Tool.Services;

/// <summary>What <c>backup</c> is asked to dump, where and how.</summary>
/// <param name="Settings">The folder, mode and time limit, resolved from the options and the environment's <c>"backup"</c>.</param>
public sealed record BackupRequest(DatabaseTarget Target, BackupSettings Settings)
{
    /// <summary>Where <c>SCHEMADRIFT_PG_BIN</c> is read (the process environment unless a test says otherwise).</summary>
    public Func<string, string?> GetVariable { get; init; } = System.Environment.GetEnvironmentVariable;
}

/// <summary>The backup's record in one audit trail: written, or why not (the dump stands either way).</summary>
public sealed record BackupRecord(string Schema, string? Warning);

/// <summary>The dump written and read back, and its record in each audit trail the database has.</summary>
public sealed record BackupReport(DatabaseTarget Target, BackupResult Result, IReadOnlyList<BackupRecord> Records);

/// <summary>
/// <c>backup</c>: the backup apply takes before its first change, on its own — pg_dump as the connection's role,
/// read back by pg_restore --list, and recorded in every audit trail of the database (the dump holds every schema).
/// </summary>
public static class BackupService
{
    /// <summary>How long pg_dump waits for each table's lock, as every read of the tool other than apply's.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static async Task<BackupReport> RunAsync(BackupRequest request, IProgress<ToolEvent> events, CancellationToken ct = default)
    {
        var target = request.Target;
        BackupResult result;
        try
        {
            PgRelease server;
            await using (var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false))
            {
                server = PgRelease.FromServer(connection.PostgreSqlVersion);
            }

            result = await DatabaseBackup.RunAsync(target, request.Settings, server, LockWait, events, request.GetVariable, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (BackupException ex)
        {
            throw ToolException.Environment($"{target.Label} ({target.Display}): {ex.Message}", ex);
        }

        events.Success(PreChangeBackup.Summary(target.Label, result));
        return new BackupReport(target, result, await RecordAsync(target, result, events, ct).ConfigureAwait(false));
    }

    /// <summary>
    /// One backup record in each audit trail the database has; none when it has none. A record that cannot be written
    /// is a warning: the dump is made and checked.
    /// </summary>
    private static async Task<IReadOnlyList<BackupRecord>> RecordAsync(DatabaseTarget target, BackupResult result, IProgress<ToolEvent> events, CancellationToken ct)
    {
        var recorded = new List<BackupRecord>();
        try
        {
            // A connection of its own: the one the version was read on may have been idle for as long as pg_dump ran.
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            foreach (var schema in await AuditTrail.SchemasAsync(connection, ct).ConfigureAwait(false))
            {
                var warning = await BackupAudit.RecordAsync(connection, schema, null, result, target.Environment, ct).ConfigureAwait(false);
                recorded.Add(new BackupRecord(schema, warning));
                if (warning is not null)
                {
                    events.Warn(warning);
                }
            }
        }
        catch (Exception ex) when (ex is DatabaseConnectionException or NpgsqlException && !ct.IsCancellationRequested)
        {
            events.Warn($"the backup was not recorded in the audit trail: {ServerErrors.Describe(ex)}");
        }

        if (recorded.Count == 0)
        {
            events.Detail($"{target.Label} has no audit trail: the backup is recorded only by its file.");
        }

        return recorded;
    }
}
