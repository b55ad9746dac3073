using Npgsql;
using SchemaDrift.Postgres.Connections;

namespace SchemaDrift.Tool.Linting;

/// <summary>
/// Reads the estimated rows and size of tables from the catalog: one set-based query in a READ ONLY transaction, from
/// <c>pg_class</c> only (<c>reltuples</c>, <c>relpages</c> of the table, its TOAST table and its indexes), so it takes
/// no lock on any table and scans nothing. A name the database does not know is reported as not existing.
/// </summary>
public static class LiveSizes
{
    public const string Query =
        """
        SELECT n.name,
               c.oid IS NOT NULL,
               CASE WHEN c.reltuples < 0 THEN NULL ELSE c.reltuples::bigint END,
               coalesce((c.relpages::bigint + coalesce(t.relpages, 0)
                         + coalesce((SELECT sum(i.relpages) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = c.oid), 0))
                        * current_setting('block_size')::bigint, 0)
        FROM unnest(@names::text[]) AS n(name)
        LEFT JOIN pg_class c ON c.oid = to_regclass(n.name)
        LEFT JOIN pg_class t ON t.oid = c.reltoastrelid
        """;

    /// <param name="tables">Qualified names as lint resolves them (<c>shop.Orders</c>).</param>
    public static async Task<IReadOnlyDictionary<string, TableSize>> ReadAsync(NpgsqlConnection connection, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        var sizes = new Dictionary<string, TableSize>(StringComparer.Ordinal);
        if (tables.Count == 0)
        {
            return sizes;
        }

        var byText = tables.Distinct(StringComparer.Ordinal)
            .ToDictionary(t => Postgres.Sql.SqlText.Ident(LintSql.SchemaOf(t), LintSql.NameOf(t)), t => t, StringComparer.Ordinal);
        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(Query, connection, transaction))
        {
            command.Parameters.AddWithValue("names", byText.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                sizes[byText[reader.GetString(0)]] = new TableSize(reader.GetBoolean(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetInt64(3));
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return sizes;
    }
}
