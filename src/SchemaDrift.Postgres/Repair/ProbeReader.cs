using Npgsql;
using SchemaDrift.Postgres.Connections;

namespace SchemaDrift.Postgres.Repair;

/// <summary>Reads guard probes on one database, all in one query, read-only, with <c>search_path = pg_catalog</c>.</summary>
public static class ProbeReader
{
    public static async Task<IReadOnlyList<string?>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> probes, CancellationToken ct = default)
    {
        if (probes.Count == 0)
        {
            return [];
        }

        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);
        await using (var setup = new NpgsqlCommand("SET LOCAL search_path = pg_catalog", connection, transaction))
        {
            await setup.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        var values = new string?[probes.Count];
        await using (var select = new NpgsqlCommand("SELECT " + string.Join(", ", probes.Select((p, i) => $"({p})::text AS p{i}")), connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            await reader.ReadAsync(ct).ConfigureAwait(false);
            for (var i = 0; i < probes.Count; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetString(i);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return values;
    }
}
