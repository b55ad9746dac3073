using Npgsql;

namespace SchemaDrift.Postgres.Catalog;

/// <summary>
/// One instance per distinct text for the texts that repeat across many catalog rows (schema, type, column and role
/// names, common defaults): the snapshot holds each once instead of once per row. Local to one read, so nothing
/// outlives it and no lock is shared with another read (string.Intern takes a process-wide lock and keeps every
/// string for the life of the process).
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (strings.TryGetValue(value, out var pooled))
        {
            return pooled;
        }

        strings.Add(value, value);
        return value;
    }

    public string Get(NpgsqlDataReader reader, int ordinal) => Get(reader.GetString(ordinal));

    public string? GetOrNull(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Get(reader.GetString(ordinal));
}
