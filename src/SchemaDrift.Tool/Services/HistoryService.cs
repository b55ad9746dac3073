using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Services;

/// <summary>One record of the audit trail, and the schema whose trail holds it.</summary>
public sealed record TrailRecord(string Schema, AuditRecord Record);

/// <summary>The audit trail of one database, newest first.</summary>
public sealed record HistoryReport(DatabaseTarget Target, IReadOnlyList<TrailRecord> Records);

/// <summary><c>history</c>: the audit trail of one database (every schema that has one), newest first, read-only; the application is not loaded.</summary>
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
}
