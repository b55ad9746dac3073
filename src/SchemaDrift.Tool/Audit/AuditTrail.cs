using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Connections;

namespace SchemaDrift.Tool.Audit;

/// <summary>One row of the audit trail (<see cref="AuditTable"/>): one attempt at one migration.</summary>
public sealed record AuditRecord(
    string MigrationId,
    string? Checksum,
    string? Environment,
    AuditAction Action,
    AuditOutcome Outcome,
    string? Error,
    DateTimeOffset StartedAt,
    TimeSpan? Duration,
    string? OsUser,
    string? Host,
    string? ToolVersion,
    string? CiCommit,
    string? CiRunId,
    string? CiRunUrl,
    string? Reason)
{
    /// <summary>Set when read back; null for a record not written yet.</summary>
    public long? Id { get; init; }

    /// <summary>The database user that wrote the row (the server's <c>current_user</c>); set when read back.</summary>
    public string? DatabaseUser { get; init; }

    /// <summary>The post-apply verify's one-line result, filled in once the run's verify has finished.</summary>
    public string? PostVerify { get; init; }

    /// <summary>A backup record's dump: its full path (null on every other record).</summary>
    public string? BackupPath { get; init; }

    /// <summary>A backup record's dump: its size in bytes.</summary>
    public long? BackupSize { get; init; }

    /// <summary>A backup record's dump: its SHA-256, in hex.</summary>
    public string? BackupChecksum { get; init; }

    /// <summary>A record of this process's attempt, with who runs it and from which pipeline.</summary>
    public static AuditRecord For(
        string migrationId, string? checksum, string? environment, AuditAction action, AuditOutcome outcome, string? error,
        DateTimeOffset startedAt, TimeSpan? duration, CiIdentity identity, string? reason) =>
        new(migrationId, checksum, environment, action, outcome, error, startedAt, duration,
            identity.OsUser, identity.Host, ToolInfo.Version, identity.Commit, identity.RunId, identity.RunUrl, reason);
}

/// <summary>Writes and reads the audit trail; the table's contract (name, columns, actions, outcomes) is <see cref="AuditTable"/>.</summary>
public static class AuditTrail
{
    /// <summary>Whether the table exists in <paramref name="schema"/>.</summary>
    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection);
        command.Parameters.AddWithValue("name", AuditTable.QualifiedName(schema));
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }

    /// <summary>
    /// Creates the table when missing (only then: CREATE ... IF NOT EXISTS needs CREATE on the schema even when the
    /// table exists). Run it under the tool's advisory lock (concurrent CREATE ... IF NOT EXISTS can collide).
    /// </summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        if (await ExistsAsync(connection, schema, ct).ConfigureAwait(false))
        {
            return;
        }

        await using var command = new NpgsqlCommand(AuditTable.CreateSql(schema), connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Inserts <paramref name="record"/> (inside <paramref name="transaction"/> when given) and returns its id. Only a
    /// backup record names the backup columns, so every other record is written the same into a table made before them.
    /// </summary>
    public static async Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, AuditRecord record, CancellationToken ct)
    {
        var backup = record.BackupPath is not null;
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO {AuditTable.QualifiedName(schema)}
                (migration_id, checksum, environment, action, outcome, error, started_at, duration_ms, os_user, host, tool_version, ci_commit, ci_run_id, ci_run_url, reason, post_verify{(backup ? ", backup_path, backup_size, backup_checksum" : string.Empty)})
            VALUES (@migration_id, @checksum, @environment, @action, @outcome, @error, @started_at, @duration_ms, @os_user, @host, @tool_version, @ci_commit, @ci_run_id, @ci_run_url, @reason, @post_verify{(backup ? ", @backup_path, @backup_size, @backup_checksum" : string.Empty)})
            RETURNING id
            """,
            connection,
            transaction);
        if (backup)
        {
            Add(command, "backup_path", record.BackupPath);
            command.Parameters.Add(new NpgsqlParameter("backup_size", NpgsqlDbType.Bigint) { Value = (object?)record.BackupSize ?? DBNull.Value });
            Add(command, "backup_checksum", record.BackupChecksum);
        }

        Add(command, "migration_id", record.MigrationId);
        Add(command, "checksum", record.Checksum);
        Add(command, "environment", record.Environment);
        Add(command, "action", record.Action.Name());
        Add(command, "outcome", record.Outcome.Name());
        Add(command, "error", record.Error);
        command.Parameters.Add(new NpgsqlParameter("started_at", NpgsqlDbType.TimestampTz) { Value = record.StartedAt.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter("duration_ms", NpgsqlDbType.Bigint) { Value = record.Duration is { } d ? (long)Math.Round(d.TotalMilliseconds) : DBNull.Value });
        Add(command, "os_user", record.OsUser);
        Add(command, "host", record.Host);
        Add(command, "tool_version", record.ToolVersion);
        Add(command, "ci_commit", record.CiCommit);
        Add(command, "ci_run_id", record.CiRunId);
        Add(command, "ci_run_url", record.CiRunUrl);
        Add(command, "reason", record.Reason);
        Add(command, "post_verify", record.PostVerify);
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Records the post-apply verify's result on the rows a run wrote.</summary>
    public static async Task SetPostVerifyAsync(NpgsqlConnection connection, string schema, IReadOnlyCollection<long> ids, string postVerify, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand($"UPDATE {AuditTable.QualifiedName(schema)} SET post_verify = @post_verify WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("post_verify", postVerify);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The trail, newest first (at most <paramref name="limit"/> rows), read in a READ ONLY transaction; null when the table does not exist.</summary>
    public static async Task<IReadOnlyList<AuditRecord>?> ReadAsync(NpgsqlConnection connection, string schema, int limit, CancellationToken ct)
    {
        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);

        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", AuditTable.QualifiedName(schema));
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                return null;
            }
        }

        // A table made before the backup columns reads as one whose records have none.
        var backups = await HasBackupColumnsAsync(connection, transaction, schema, ct).ConfigureAwait(false)
            ? "backup_path, backup_size, backup_checksum"
            : "NULL::text, NULL::bigint, NULL::text";
        var records = new List<AuditRecord>();
        await using (var select = new NpgsqlCommand(
            $"""
            SELECT id, migration_id, checksum, environment, action, outcome, error, started_at, duration_ms, database_user,
                   os_user, host, tool_version, ci_commit, ci_run_id, ci_run_url, reason, post_verify, {backups}
            FROM {AuditTable.QualifiedName(schema)}
            ORDER BY started_at DESC, id DESC
            LIMIT @limit
            """,
            connection,
            transaction))
        {
            select.Parameters.AddWithValue("limit", limit);
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                records.Add(new AuditRecord(
                    reader.GetString(1),
                    Text(2),
                    Text(3),
                    AuditNames.ParseAction(reader.GetString(4)),
                    AuditNames.ParseOutcome(reader.GetString(5)),
                    Text(6),
                    reader.GetFieldValue<DateTimeOffset>(7),
                    reader.IsDBNull(8) ? null : TimeSpan.FromMilliseconds(reader.GetInt64(8)),
                    Text(10),
                    Text(11),
                    Text(12),
                    Text(13),
                    Text(14),
                    Text(15),
                    Text(16))
                {
                    Id = reader.GetInt64(0),
                    DatabaseUser = Text(9),
                    PostVerify = Text(17),
                    BackupPath = Text(18),
                    BackupSize = reader.IsDBNull(19) ? null : reader.GetInt64(19),
                    BackupChecksum = Text(20),
                });
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return records;
    }

    /// <summary>Whether the table in <paramref name="schema"/> has the backup columns (<see cref="AuditTable.BackupColumns"/>).</summary>
    public static async Task<bool> HasBackupColumnsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string schema, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM pg_attribute WHERE attrelid = to_regclass(@name) AND attname = ANY(@columns) AND NOT attisdropped", connection, transaction);
        command.Parameters.AddWithValue("name", AuditTable.QualifiedName(schema));
        command.Parameters.AddWithValue("columns", AuditTable.BackupColumns.ToArray());
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))! == AuditTable.BackupColumns.Count;
    }

    /// <summary>The schemas that have an audit trail, in name order (read-only; the trail lives beside each history table).</summary>
    public static async Task<IReadOnlyList<string>> SchemasAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = @name AND c.relkind IN ('r', 'p') ORDER BY 1",
            connection);
        command.Parameters.AddWithValue("name", AuditTable.Name);
        var schemas = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            schemas.Add(reader.GetString(0));
        }

        return schemas;
    }

    private static void Add(NpgsqlCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
}
