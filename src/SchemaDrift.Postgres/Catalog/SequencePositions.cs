using Npgsql;
using NpgsqlTypes;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// Where the sequences stand, when the database has too many for the catalog batch to read (see
/// <see cref="CatalogQueries.PositionsInBatchLimit"/>): read after the catalog transaction, at most that many per
/// statement, each statement in a read-only transaction of its own, so that the locks pg_sequence_last_value takes
/// are released as it goes. A sequence dropped meanwhile has no position, as one the role may not read.
/// </summary>
internal static class SequencePositions
{
    public static async Task<CatalogRows> ReadAsync(CatalogRows rows, NpgsqlConnection connection, CancellationToken ct)
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
