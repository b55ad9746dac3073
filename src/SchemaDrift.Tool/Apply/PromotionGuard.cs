using SchemaDrift.Postgres.Connections;
using SchemaDrift.Protocol;
using SchemaDrift.Tool.Audit;
using SchemaDrift.Tool.Configuration;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Apply;

/// <summary>What the environment a migration is promoted from says about it.</summary>
/// <param name="Missing">Not applied there.</param>
/// <param name="Different">Applied there with another checksum (the code changed since).</param>
/// <param name="Unrecorded">Applied there without a checksum in its audit trail (by another tool, not baselined).</param>
public sealed record PromotionCheck(string Source, IReadOnlyList<string> Missing, IReadOnlyList<string> Different, IReadOnlyList<string> Unrecorded)
{
    public bool Passed => Missing.Count == 0 && Different.Count == 0 && Unrecorded.Count == 0;

    /// <summary>One line naming every problem and the fix.</summary>
    public string Describe(string environment)
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"not applied in '{Source}': {string.Join(", ", Missing)}");
        }

        if (Different.Count > 0)
        {
            parts.Add($"applied in '{Source}' with a different checksum: {string.Join(", ", Different)}");
        }

        if (Unrecorded.Count > 0)
        {
            parts.Add($"applied in '{Source}' without a recorded checksum: {string.Join(", ", Unrecorded)} (record them with 'dotnet schemadrift baseline --env {Source}')");
        }

        return $"'{environment}' is promoted from '{Source}', which must have every migration first; {string.Join("; ", parts)}. " +
               $"Apply them to '{Source}' first (dotnet schemadrift apply --env {Source}), or pass --skip-promotion-check --reason TEXT.";
    }
}

/// <summary>
/// The promotion guard: a migration may reach an environment only after it reached, with the same checksum, the
/// environment that one is promoted from. The source is read read-only (history table and audit trail).
/// </summary>
public static class PromotionGuard
{
    public static async Task<PromotionCheck> CheckAsync(
        string source, SchemaDriftConfig config, MigrationsInfo migrations, IReadOnlyList<PlannedMigration> toApply, CancellationToken ct, TimeSpan? lockTimeout = null)
    {
        var target = ConnectionResolver.ResolveEnvironment(source, config);
        try
        {
            await using var connection = await DatabaseConnector.OpenAsync(target.Connection, ct, lockTimeout).ConfigureAwait(false);
            var schema = await MigrationHistory.ResolveSchemaAsync(connection, migrations.HistoryTable, ct).ConfigureAwait(false);
            var applied = new HashSet<string>(await MigrationHistory.ReadAppliedAsync(connection, migrations.HistoryTable, ct, schema).ConfigureAwait(false), StringComparer.Ordinal);
            var recorded = await AuditTable.ReadRecordedChecksumsAsync(connection, schema, ct).ConfigureAwait(false) ?? new Dictionary<string, string>();
            var missing = toApply.Where(m => !applied.Contains(m.Id)).Select(m => m.Id).ToList();
            var different = toApply.Where(m => applied.Contains(m.Id) && recorded.TryGetValue(m.Id, out var sum) && sum != m.Checksum).Select(m => m.Id).ToList();
            var unrecorded = toApply.Where(m => applied.Contains(m.Id) && !recorded.ContainsKey(m.Id)).Select(m => m.Id).ToList();
            return new PromotionCheck(source, missing, different, unrecorded);
        }
        catch (DatabaseConnectionException ex)
        {
            throw ToolException.Environment($"the promotion guard could not read '{source}': {ex.Message}", ex);
        }
        catch (Npgsql.NpgsqlException ex)
        {
            throw ToolException.Environment($"the promotion guard could not read '{source}' ({target.Display}): {ServerErrors.Describe(ex)}", ex);
        }
    }
}
