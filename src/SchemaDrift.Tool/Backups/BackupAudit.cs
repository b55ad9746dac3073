using Npgsql;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.Audit;

namespace SchemaDrift.Tool.Backups;

/// <summary>
/// A backup in the audit trail: one record, action <c>backup</c>, with the dump's path, size and SHA-256, and in
/// migration_id the newest migration applied when it was taken (empty when none was). A table made before backups
/// were recorded gets their columns first (<see cref="AuditTable.AddBackupColumnsSql"/>).
/// </summary>
public static class BackupAudit
{
    /// <summary>
    /// Records <paramref name="backup"/> in the audit table of <paramref name="schema"/>, which exists. Returns null,
    /// or why it could not be recorded (the backup itself stands: the caller warns).
    /// </summary>
    /// <param name="historyTable">The migrations history table of that schema when known; else the one found there.</param>
    public static async Task<string?> RecordAsync(
        NpgsqlConnection connection, string schema, string? historyTable, BackupResult backup, string? environment, CancellationToken ct)
    {
        var table = AuditTable.QualifiedName(schema);
        var adding = false;
        try
        {
            if (!await AuditTrail.HasBackupColumnsAsync(connection, null, schema, ct).ConfigureAwait(false))
            {
                adding = true;
                await using var alter = new NpgsqlCommand(AuditTable.AddBackupColumnsSql(schema), connection);
                await alter.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                adding = false;
            }

            var last = await NewestMigrationAsync(connection, schema, historyTable, ct).ConfigureAwait(false);
            var record = AuditRecord.For(
                last ?? string.Empty, null, environment, AuditAction.Backup, AuditOutcome.Succeeded, null,
                backup.StartedAt, backup.Duration, CiIdentity.FromEnvironment(), null) with
            {
                BackupPath = backup.Path,
                BackupSize = backup.Size,
                BackupChecksum = backup.Sha256,
            };
            await AuditTrail.InsertAsync(connection, null, schema, record, ct).ConfigureAwait(false);
            return null;
        }
        catch (PostgresException ex) when (adding && ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            return $"the backup was not recorded in the audit trail {table}: the table was made before backups were recorded, and only its owner can add their columns. Its owner can run: {AuditTable.AddBackupColumnsSql(schema)};";
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException && !ct.IsCancellationRequested)
        {
            return $"the backup was not recorded in the audit trail {table}: {ServerErrors.Describe(ex)}";
        }
    }

    /// <summary>
    /// The newest migration in the history table of <paramref name="schema"/>: <paramref name="historyTable"/> when
    /// given, else the table there with EF Core's history columns (MigrationId, ProductVersion). Null when there is none.
    /// </summary>
    private static async Task<string?> NewestMigrationAsync(NpgsqlConnection connection, string schema, string? historyTable, CancellationToken ct)
    {
        if (historyTable is null)
        {
            await using var find = new NpgsqlCommand(
                """
                SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = @schema AND c.relkind IN ('r', 'p')
                  AND (SELECT count(*) FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname IN ('MigrationId', 'ProductVersion') AND NOT a.attisdropped) = 2
                ORDER BY c.relname <> '__EFMigrationsHistory', c.relname
                LIMIT 1
                """,
                connection);
            find.Parameters.AddWithValue("schema", schema);
            historyTable = await find.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
            if (historyTable is null)
            {
                return null;
            }
        }

        await using var newest = new NpgsqlCommand(
            $"SELECT max(\"MigrationId\") FROM {SqlText.QuotedIdent(schema, historyTable)} WHERE to_regclass(@name) IS NOT NULL",
            connection);
        newest.Parameters.AddWithValue("name", SqlText.QuotedIdent(schema, historyTable));
        return await newest.ExecuteScalarAsync(ct).ConfigureAwait(false) as string;
    }
}
