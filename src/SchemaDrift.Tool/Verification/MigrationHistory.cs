using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Tool.Hosting;

namespace SchemaDrift.Tool.Verification;

/// <summary>Reads the migrations history table and compares it with the code's migrations.</summary>
public static class MigrationHistory
{
    /// <summary>The schema the history table lives in: its configured schema, else the connection's current schema.</summary>
    public static async Task<string> ResolveSchemaAsync(NpgsqlConnection connection, HistoryTable table, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(table.Schema))
        {
            return table.Schema;
        }

        await using var command = new NpgsqlCommand("SELECT coalesce(current_schema(), 'public')", connection);
        return (string)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>The ids in the history table (read in a READ ONLY transaction); empty when the table does not exist.</summary>
    /// <param name="schema">The history table's schema when the caller resolved it already (else resolved here).</param>
    public static async Task<IReadOnlyList<string>> ReadAppliedAsync(NpgsqlConnection connection, HistoryTable table, CancellationToken ct, string? schema = null)
    {
        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);

        schema ??= await ResolveSchemaAsync(connection, table, ct).ConfigureAwait(false);
        var qualified = Quote(schema) + "." + Quote(table.Name);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", qualified);
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
            {
                return [];
            }
        }

        var ids = new List<string>();
        await using (var select = new NpgsqlCommand($"SELECT \"MigrationId\" FROM {qualified} ORDER BY \"MigrationId\"", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                ids.Add(reader.GetString(0));
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return ids;
    }

    /// <summary>Applied, pending, unknown and out-of-order migrations; <paramref name="codeIds"/> in application order.</summary>
    public static MigrationStatus Compare(IReadOnlyList<string> codeIds, IReadOnlyCollection<string> historyIds)
    {
        var history = new HashSet<string>(historyIds, StringComparer.Ordinal);
        var code = new HashSet<string>(codeIds, StringComparer.Ordinal);
        var applied = codeIds.Where(history.Contains).ToList();
        var pending = codeIds.Where(id => !history.Contains(id)).ToList();
        var unknown = historyIds.Where(id => !code.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // An applied migration that comes after a pending one in the code: the pending one will run after it.
        var firstPending = codeIds.ToList().FindIndex(id => !history.Contains(id));
        var outOfOrder = firstPending < 0 ? [] : codeIds.Skip(firstPending + 1).Where(history.Contains).ToList();
        return new MigrationStatus(applied, pending, unknown, outOfOrder, [], applied);
    }

    /// <summary>Findings for the history alone: unknown migrations (critical) and migrations applied out of order (major).</summary>
    public static IEnumerable<VerifyFinding> Findings(MigrationStatus status, HistoryTable table, string schema)
    {
        foreach (var id in status.Unknown)
        {
            yield return new VerifyFinding(
                "unknown-migration", id, Severity.Critical, FindingCause.History,
                Expected: null,
                Actual: $"applied migration {id}, which the code does not have",
                Fix: $"Deploy the code that contains {id}, or revert it and run: DELETE FROM {Quote(schema)}.{Quote(table.Name)} WHERE \"MigrationId\" = '{id.Replace("'", "''", StringComparison.Ordinal)}';");
        }

        var firstPending = status.Pending.Count > 0 ? status.Pending[0] : null;
        foreach (var id in status.OutOfOrder)
        {
            yield return new VerifyFinding(
                "migration-out-of-order", id, Severity.Major, FindingCause.History,
                Expected: $"{id} applied after {firstPending}",
                Actual: $"{id} applied while {firstPending} is pending",
                Fix: $"Check that {firstPending} does not depend on or conflict with {id} before applying it.");
        }
    }

    /// <summary>
    /// Compares each applied migration's code checksum with the one recorded when it was applied. A mismatch means the
    /// migration was edited after it ran: the database did what the old code said (critical). Without a recorded
    /// checksum (<paramref name="recorded"/> null: no readable audit trail) a migration is "unverified".
    /// </summary>
    public static (MigrationStatus Status, IReadOnlyList<VerifyFinding> Findings) CompareChecksums(
        MigrationStatus status, IReadOnlyDictionary<string, string> codeChecksums, IReadOnlyDictionary<string, string>? recorded)
    {
        var mismatches = new List<string>();
        var unverified = new List<string>();
        var findings = new List<VerifyFinding>();
        foreach (var id in status.Applied)
        {
            if (recorded is null || !recorded.TryGetValue(id, out var then))
            {
                unverified.Add(id);
            }
            else if (!string.Equals(then, codeChecksums[id], StringComparison.OrdinalIgnoreCase))
            {
                mismatches.Add(id);
                findings.Add(new VerifyFinding(
                    "migration-checksum-mismatch", id, Severity.Critical, FindingCause.History,
                    Expected: "sha256:" + codeChecksums[id],
                    Actual: "sha256:" + then + " (recorded when it was applied)",
                    Fix: $"Migration {id} was edited after it was applied here: revert the edit and put the change in a new migration."));
            }
        }

        return (status with { ChecksumMismatches = mismatches, Unverified = unverified }, findings);
    }

    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Creates the schema only when it does not exist, as EF Core's EnsureSchema does: CREATE SCHEMA IF NOT EXISTS
    /// needs CREATE on the database even when the schema is there.
    /// </summary>
    public static string EnsureSchemaSql(string schema) =>
        $"DO $schemadrift$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = '{schema.Replace("'", "''", StringComparison.Ordinal)}') THEN CREATE SCHEMA {Quote(schema)}; END IF; END $schemadrift$;";
}
