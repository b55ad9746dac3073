using Npgsql;
using SchemaDrift.Postgres.Model;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>Catalog columns read into a snapshot's <see cref="StringPool"/>.</summary>
internal static class PooledReads
{
    public static string Get(this StringPool pool, NpgsqlDataReader reader, int ordinal) => pool.Get(reader.GetString(ordinal));

    public static string? GetOrNull(this StringPool pool, NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : pool.Get(reader.GetString(ordinal));
}
