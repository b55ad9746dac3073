using Npgsql;
using NpgsqlTypes;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// The definitions <see cref="IndexPrinter"/> and <see cref="ConstraintPrinter"/> leave to the server: read with its
/// printer (<paramref name="query"/>: oid and definition of each of <c>@oids</c>) in the read's transaction, so from
/// the same snapshot, and filled into the rows that have none.
/// </summary>
internal static class ServerDefinitions
{
    public static async Task<List<T>> FillAsync<T>(
        List<T> rows, List<uint> unprinted, string query, Func<T, uint> oid, Func<T, string?> definition, Func<T, string, T> withDefinition,
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (unprinted.Count == 0)
        {
            return rows;
        }

        await using var command = new NpgsqlCommand(query, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter("oids", NpgsqlDbType.Array | NpgsqlDbType.Oid) { Value = unprinted.ToArray() });
        var printed = new Dictionary<uint, string>(unprinted.Count);
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                printed[reader.GetFieldValue<uint>(0)] = reader.GetString(1);
            }
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (definition(rows[i]) is null)
            {
                rows[i] = withDefinition(rows[i], printed[oid(rows[i])]);
            }
        }

        return rows;
    }
}
