using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Where the sequences stand, when the database has too many for the catalog batch to read (see
/// <see cref="CatalogQueries.PositionsInBatchLimit"/>): read after the catalog transaction, at most that many per
/// statement, each statement in a read-only transaction of its own, so that the locks pg_sequence_last_value takes
/// are released as it goes. A sequence dropped meanwhile has no position, as one the role may not read. Or, for a
/// snapshot read without them, the few a comparison asks for, by name.
/// </summary>
public static class SequencePositions
{
    /// <summary>
    /// Where the requested sequences (and identity columns' sequences) stand, in a read-only transaction of its own;
    /// none for those gone or that the role may not read.
    /// </summary>
    public static async Task<ValueList<DbSequencePosition>> ReadAsync(NpgsqlConnection connection, IReadOnlyList<SequencePositionRequest> requests, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(requests);
        var positions = new List<DbSequencePosition>(requests.Count);
        for (var start = 0; start < requests.Count; start += CatalogQueries.PositionsInBatchLimit)
        {
            var chunk = requests.Skip(start).Take(CatalogQueries.PositionsInBatchLimit).ToList();
            await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL search_path = pg_catalog"));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(CatalogQueries.SequencePositionsByName)
            {
                Parameters =
                {
                    new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(r => r.Key).ToArray() },
                    new NpgsqlParameter("schemas", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(r => r.Relation.Schema).ToArray() },
                    new NpgsqlParameter("names", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(r => r.Relation.Name).ToArray() },
                    new NpgsqlParameter("columns", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = chunk.Select(r => r.Column).ToArray() },
                },
            });
            await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                do
                {
                    while (reader.FieldCount == 2 && await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        positions.Add(new DbSequencePosition(reader.GetString(0), reader.GetInt64(1)));
                    }
                }
                while (await reader.NextResultAsync(ct).ConfigureAwait(false));
            }

            await transaction.RollbackAsync(ct).ConfigureAwait(false);
        }

        return positions.OrderBy(p => p.Key, StringComparer.Ordinal).ToValueList();
    }

    internal static async Task<CatalogRows> ReadAsync(CatalogRows rows, NpgsqlConnection connection, CancellationToken ct)
    {
        if (rows.PositionsRead)
        {
            return rows;
        }

        var oids = rows.Sequences.Select(s => s.Oid)
            .Concat(rows.Columns.Where(c => c.IdentitySequence is not null).Select(c => c.IdentitySequence!.SequenceOid))
            .ToArray();
        var positions = new Dictionary<uint, long>(oids.Length);
        for (var start = 0; start < oids.Length; start += CatalogQueries.PositionsInBatchLimit)
        {
            var chunk = oids[start..Math.Min(oids.Length, start + CatalogQueries.PositionsInBatchLimit)];
            await ReadChunkAsync(connection, chunk, positions, ct).ConfigureAwait(false);
        }

        var sequences = rows.Sequences.ConvertAll(s => s with { Position = positions.TryGetValue(s.Oid, out var p) ? p : null });
        var columns = rows.Columns.ConvertAll(c => c.IdentitySequence is { } identity
            ? c with { IdentitySequence = identity with { Position = positions.TryGetValue(identity.SequenceOid, out var p) ? p : null } }
            : c);
        return rows with { Sequences = sequences, Columns = columns, PositionsRead = true };
    }

    private static async Task ReadChunkAsync(NpgsqlConnection connection, uint[] oids, Dictionary<uint, long> positions, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET TRANSACTION READ ONLY"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(CatalogQueries.SequencePositions)
        {
            Parameters = { new NpgsqlParameter("oids", NpgsqlDbType.Array | NpgsqlDbType.Oid) { Value = oids } },
        });
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            do
            {
                while (reader.FieldCount == 2 && await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    positions[reader.GetFieldValue<uint>(0)] = reader.GetInt64(1);
                }
            }
            while (await reader.NextResultAsync(ct).ConfigureAwait(false));
        }

        await transaction.RollbackAsync(ct).ConfigureAwait(false);
    }
}
