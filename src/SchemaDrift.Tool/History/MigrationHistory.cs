using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Protocol;

namespace SchemaDrift.Tool.History;

/// <summary>
/// The migrations history table (<c>__EFMigrationsHistory</c>, as the context configures it): where it is, what it
/// says, how it compares with the code's migrations, and the SQL the tool writes on it, quoted as EF Core quotes it.
/// </summary>
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
        var qualified = QualifiedName(schema, table.Name);
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

    /// <summary>The history table's name, both parts quoted as EF Core quotes them.</summary>
    public static string QualifiedName(string schema, string table) => SqlText.QuotedIdent(schema, table);

    /// <summary>
    /// Creates the schema only when it does not exist, as EF Core's EnsureSchema does: CREATE SCHEMA IF NOT EXISTS
    /// needs CREATE on the database even when the schema is there.
    /// </summary>
    public static string EnsureSchemaSql(string schema) =>
        $"DO $schemadrift$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = {SqlText.Literal(schema)}) THEN CREATE SCHEMA {SqlText.QuotedIdent(schema)}; END IF; END $schemadrift$;";

    /// <summary>The history table as EF Core creates it.</summary>
    public static string CreateTableSql(string schema, string table) =>
        $"CREATE TABLE IF NOT EXISTS {QualifiedName(schema, table)} (\"MigrationId\" character varying(150) NOT NULL, \"ProductVersion\" character varying(32) NOT NULL, " +
        $"CONSTRAINT {SqlText.QuotedIdent("PK_" + table)} PRIMARY KEY (\"MigrationId\"));";

    /// <summary>The history row of a migration, as EF Core writes it.</summary>
    public static string InsertSql(string qualifiedTable, string migrationId, string productVersion) =>
        $"INSERT INTO {qualifiedTable} (\"MigrationId\", \"ProductVersion\") VALUES ({SqlText.Literal(migrationId)}, {SqlText.Literal(productVersion)});";

    /// <summary>Removes a migration's history row.</summary>
    public static string DeleteSql(string qualifiedTable, string migrationId) =>
        $"DELETE FROM {qualifiedTable} WHERE \"MigrationId\" = {SqlText.Literal(migrationId)};";
}

/// <summary>The migrations of one environment, compared with the code's.</summary>
/// <param name="Applied">In the code and in the history table, in code order.</param>
/// <param name="Pending">In the code, not in the history table, in code order.</param>
/// <param name="Unknown">In the history table, not in the code.</param>
/// <param name="OutOfOrder">Applied although an older migration is still pending.</param>
/// <param name="ChecksumMismatches">Applied migrations whose code checksum differs from the one recorded when they were applied.</param>
/// <param name="Unverified">Applied migrations with no recorded checksum (applied by another tool, or the audit trail is unreadable).</param>
public sealed record MigrationStatus(
    IReadOnlyList<string> Applied,
    IReadOnlyList<string> Pending,
    IReadOnlyList<string> Unknown,
    IReadOnlyList<string> OutOfOrder,
    IReadOnlyList<string> ChecksumMismatches,
    IReadOnlyList<string> Unverified)
{
    public static MigrationStatus Empty { get; } = new([], [], [], [], [], []);
}
