using Npgsql;
using SchemaDrift.Postgres.Model;
using Xunit;

namespace SchemaDrift.Postgres.Tests.Catalog;

/// <summary>
/// The reader prints some definitions itself rather than asking the server for each (index definitions; column
/// defaults without their table): every snapshot the round-trip tests read is checked here against what the server
/// prints, pg_get_indexdef and pg_get_expr(adbin, adrelid), in the reader's setting (search_path = pg_catalog).
/// </summary>
internal static class ServerPrinting
{
    public static async Task AssertSameAsServerAsync(NpgsqlConnection connection, SchemaSnapshot snapshot)
    {
        await using (var path = new NpgsqlCommand("SET search_path = pg_catalog", connection))
        {
            await path.ExecuteNonQueryAsync();
        }

        var indexes = await ReadAsync(connection, """
            SELECT 'index:' || n.nspname || '.' || ix.relname, pg_get_indexdef(x.indexrelid)
            FROM pg_index x JOIN pg_class ix ON ix.oid = x.indexrelid JOIN pg_namespace n ON n.oid = ix.relnamespace
            """);
        foreach (var index in snapshot.Indexes)
        {
            Assert.Equal(indexes[index.Key], index.Definition);
        }

        var defaults = await ReadAsync(connection, """
            SELECT 'column:' || n.nspname || '.' || c.relname || '.' || a.attname, pg_get_expr(d.adbin, d.adrelid)
            FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
            JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE a.attgenerated = ''
            """);
        foreach (var column in snapshot.Tables.SelectMany(t => t.Columns))
        {
            Assert.Equal(defaults.GetValueOrDefault(column.Key), column.Default);
        }
    }

    private static async Task<Dictionary<string, string>> ReadAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            values[reader.GetString(0)] = reader.GetString(1);
        }

        return values;
    }
}
