using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Audit;

/// <summary>
/// The tool's audit trail: one row per attempt per migration, kept beside the migrations history table under a name
/// that is obviously the tool's. <c>apply</c>, <c>rollback</c>, <c>baseline</c> and <c>fix</c> write it; <c>verify</c> reads the
/// checksums it recorded. Created on first use by the first command that writes.
/// </summary>
public static class AuditTable
{
    /// <summary>The table's name, in the history table's schema.</summary>
    public const string Name = "__schemadrift_audit";

    /// <summary>The qualified, quoted name of the table in <paramref name="schema"/>.</summary>
    public static string QualifiedName(string schema) => SqlText.QuotedIdent(schema, Name);

    /// <summary>Creates the table (and its schema) when missing; safe to run concurrently under the tool's advisory lock.</summary>
    public static string CreateSql(string schema) =>
        $"""
        {MigrationHistory.EnsureSchemaSql(schema)}
        CREATE TABLE IF NOT EXISTS {QualifiedName(schema)} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            migration_id text NOT NULL,
            checksum text,
            environment text,
            action text NOT NULL,
            outcome text NOT NULL,
            error text,
            started_at timestamptz NOT NULL,
            duration_ms bigint,
            database_user text NOT NULL DEFAULT current_user,
            os_user text,
            host text,
            tool_version text,
            ci_commit text,
            ci_run_id text,
            ci_run_url text,
            reason text,
            post_verify text,
            backup_path text,
            backup_size bigint,
            backup_checksum text
        );
        COMMENT ON TABLE {QualifiedName(schema)} IS 'SchemaDrift.EfCore audit trail: one row per migration attempt (apply, fail, baseline, fix, rollback) and per backup.';
        """;

    /// <summary>The actions whose successful rows record a migration's checksum.</summary>
    private static readonly AuditAction[] Recording = [AuditAction.Apply, AuditAction.Baseline, AuditAction.Fix];

    /// <summary>
    /// The columns of a backup record, added after the table's first version: nullable and without a default, so a
    /// table made before them takes them without a rewrite (<see cref="AddBackupColumnsSql"/>), and versions of the
    /// tool that name their columns keep reading and writing it.
    /// </summary>
    public static IReadOnlyList<string> BackupColumns { get; } = ["backup_path", "backup_size", "backup_checksum"];

    /// <summary>Adds the backup columns to a table made before them (a no-op on one that has them). Needs its ownership.</summary>
    public static string AddBackupColumnsSql(string schema) =>
        $"ALTER TABLE {QualifiedName(schema)} ADD COLUMN IF NOT EXISTS backup_path text, ADD COLUMN IF NOT EXISTS backup_size bigint, ADD COLUMN IF NOT EXISTS backup_checksum text";

    /// <summary>
    /// The checksum recorded for each migration by its latest successful apply, baseline or fix, read in a READ ONLY
    /// transaction. Null when the table does not exist or cannot be read (a read-only role without SELECT on it):
    /// nothing can be compared, and every applied migration is "unverified".
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>?> ReadRecordedChecksumsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);

        await using (var exists = new NpgsqlCommand(
            "SELECT c.oid IS NOT NULL AND has_table_privilege(c.oid, 'SELECT') FROM (SELECT to_regclass(@name) AS oid) c", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", QualifiedName(schema));
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                return null;
            }
        }

        var recorded = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var select = new NpgsqlCommand(
            $"""
            SELECT DISTINCT ON (migration_id) migration_id, checksum
            FROM {QualifiedName(schema)}
            WHERE outcome = {SqlText.Literal(AuditOutcome.Succeeded.Name())} AND action IN ({string.Join(", ", Recording.Select(a => SqlText.Literal(a.Name())))}) AND checksum IS NOT NULL
            ORDER BY migration_id, started_at DESC, id DESC
            """,
            connection,
            transaction))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                recorded[reader.GetString(0)] = reader.GetString(1);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return recorded;
    }
}
