using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;
using SchemaDrift.Tool.Verification;

namespace SchemaDrift.Tool.Services;

/// <summary>One record of the audit trail, and the schema whose trail holds it.</summary>
public sealed record TrailRecord(string Schema, AuditRecord Record);

/// <summary>The audit trail of one database, newest first.</summary>
public sealed record HistoryReport(DatabaseTarget Target, IReadOnlyList<TrailRecord> Records);

/// <summary>The drift trend of one database: the checks <c>verify --record</c> recorded, oldest first, and the periods of drift they show.</summary>
/// <param name="Now">When it was read: an ongoing period lasts until then.</param>
public sealed record DriftTrend(DatabaseTarget Target, IReadOnlyList<DriftCheck> Checks, IReadOnlyList<DriftEpisode> Periods, DateTimeOffset Now);

/// <summary>
/// <c>history</c>: the audit trail of one database (every schema that has one), newest first, or (<c>--drift</c>) its
/// drift trend; read-only, and the application is not loaded.
/// </summary>
public static class HistoryService
{
    /// <summary>At most <paramref name="limit"/> records; a database that cannot be read is an environment error naming it.</summary>
    public static async Task<HistoryReport> ReadAsync(DatabaseTarget target, int limit, CancellationToken ct = default)
    {
        var records = new List<TrailRecord>();
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            foreach (var schema in await AuditTrail.SchemasAsync(connection, ct).ConfigureAwait(false))
            {
                foreach (var record in await AuditTrail.ReadAsync(connection, schema, limit, ct).ConfigureAwait(false) ?? [])
                {
                    records.Add(new TrailRecord(schema, record));
                }
            }
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw ToolException.Environment(
                $"reading the audit trail of {target.Label} ({target.Display}) failed: {await ReadBlockers.DescribeAsync(target, ex, ct).ConfigureAwait(false)}", ex);
        }

        var newest = records.OrderByDescending(r => r.Record.StartedAt).ThenByDescending(r => r.Record.Id).Take(limit).ToList();
        return new HistoryReport(target, newest);
    }

    /// <summary>The newest <paramref name="limit"/> recorded checks of each schema, and the periods of drift they show.</summary>
    public static async Task<DriftTrend> ReadDriftAsync(DatabaseTarget target, int limit, CancellationToken ct = default)
    {
        IReadOnlyList<DriftCheck> checks;
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct).ConfigureAwait(false);
            checks = await DriftLog.ReadAsync(connection, limit, ct).ConfigureAwait(false);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"{target.Label}: {ex.Message}", ex);
        }
        catch (NpgsqlException ex)
        {
            throw ToolException.Environment(
                $"reading the drift trend of {target.Label} ({target.Display}) failed: {await ReadBlockers.DescribeAsync(target, ex, ct).ConfigureAwait(false)}", ex);
        }

        return new DriftTrend(target, checks, DriftTimeline.Episodes(checks), DateTimeOffset.UtcNow);
    }
}
