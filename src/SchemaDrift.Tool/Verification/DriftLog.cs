using Npgsql;
using NpgsqlTypes;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Diff;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Tool.History;

namespace SchemaDrift.Tool.Verification;

/// <summary>One summary row of <c>verify --record</c>: one environment, one run.</summary>
/// <param name="Status">Clean, drift or error (stored by name: <c>clean</c>…).</param>
/// <param name="Severity">The worst finding's severity (stored by name: <c>none</c>, <c>minor</c>…).</param>
/// <param name="FindingsHash">The <see cref="Verification.FindingsHash"/> of the findings: equal when the drift did not change.</param>
public sealed record DriftCheck(
    DateTimeOffset CheckedAt,
    string? Environment,
    VerifyStatus Status,
    Severity Severity,
    int Critical,
    int Major,
    int Minor,
    string FindingsHash,
    string? CiCommit,
    string? CiRunUrl)
{
    public long? Id { get; init; }

    /// <summary>The schema it was read from (set when read back).</summary>
    public string? Schema { get; init; }

    public bool HasDrift => Status == VerifyStatus.Drift;

    /// <summary>The row of one verified environment.</summary>
    public static DriftCheck Of(EnvironmentResult result, DateTimeOffset at, string? environment, string? commit, string? runUrl) => new(
        at,
        environment,
        result.Status,
        result.Severity,
        result.Findings.Count(f => f.Severity == Severity.Critical),
        result.Findings.Count(f => f.Severity == Severity.Major),
        result.Findings.Count(f => f.Severity == Severity.Minor),
        Verification.FindingsHash.Of(result.Findings),
        commit,
        runUrl);
}

/// <summary>
/// The drift trend (<c>verify --record</c>, <c>history --drift</c>): the table <c>__schemadrift_drift</c> beside the
/// audit trail, in the history table's schema, one row per environment per recorded run. Created on first use; the
/// only write <c>verify</c> makes, and only with <c>--record</c>.
/// </summary>
public static class DriftLog
{
    public const string Name = "__schemadrift_drift";

    public static string QualifiedName(string schema) => SqlText.QuotedIdent(schema, Name);

    public static string CreateSql(string schema) =>
        $"""
        {MigrationHistory.EnsureSchemaSql(schema)}
        CREATE TABLE IF NOT EXISTS {QualifiedName(schema)} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            checked_at timestamptz NOT NULL,
            environment text,
            status text NOT NULL,
            severity text NOT NULL,
            critical integer NOT NULL,
            major integer NOT NULL,
            minor integer NOT NULL,
            findings_hash text NOT NULL,
            database_user text NOT NULL DEFAULT current_user,
            tool_version text,
            ci_commit text,
            ci_run_url text
        );
        COMMENT ON TABLE {QualifiedName(schema)} IS 'SchemaDrift.EfCore drift trend: one row per environment per verify --record run.';
        """;

    /// <summary>Writes <paramref name="check"/> into <paramref name="schema"/> (the table is created when missing), in its own transaction.</summary>
    public static async Task RecordAsync(NpgsqlConnection connection, string schema, DriftCheck check, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var exists = new NpgsqlCommand("SELECT to_regclass(@name) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.AddWithValue("name", QualifiedName(schema));
            if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
            {
                await using var create = new NpgsqlCommand(CreateSql(schema), connection, transaction);
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
        }

        await using (var insert = new NpgsqlCommand(
            $"""
            INSERT INTO {QualifiedName(schema)} (checked_at, environment, status, severity, critical, major, minor, findings_hash, tool_version, ci_commit, ci_run_url)
            VALUES (@checked_at, @environment, @status, @severity, @critical, @major, @minor, @findings_hash, @tool_version, @ci_commit, @ci_run_url)
            """,
            connection,
            transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter("checked_at", NpgsqlDbType.TimestampTz) { Value = check.CheckedAt.ToUniversalTime() });
            Text(insert, "environment", check.Environment);
            Text(insert, "status", check.Status.Name());
            Text(insert, "severity", check.Severity.Name());
            insert.Parameters.AddWithValue("critical", check.Critical);
            insert.Parameters.AddWithValue("major", check.Major);
            insert.Parameters.AddWithValue("minor", check.Minor);
            Text(insert, "findings_hash", check.FindingsHash);
            Text(insert, "tool_version", ToolInfo.Version);
            Text(insert, "ci_commit", check.CiCommit);
            Text(insert, "ci_run_url", check.CiRunUrl);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Every recorded row of every schema that has the table, oldest first, read in a READ ONLY transaction (at most <paramref name="limit"/> newest).</summary>
    public static async Task<IReadOnlyList<DriftCheck>> ReadAsync(NpgsqlConnection connection, int limit, CancellationToken ct)
    {
        await using var transaction = await DatabaseConnector.BeginReadOnlyAsync(connection, ct).ConfigureAwait(false);
        var schemas = new List<string>();
        await using (var find = new NpgsqlCommand(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relname = @name AND c.relkind IN ('r', 'p') AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1",
            connection,
            transaction))
        {
            find.Parameters.AddWithValue("name", Name);
            await using var reader = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                schemas.Add(reader.GetString(0));
            }
        }

        var checks = new List<DriftCheck>();
        foreach (var schema in schemas)
        {
            await using var select = new NpgsqlCommand(
                $"""
                SELECT id, checked_at, environment, status, severity, critical, major, minor, findings_hash, ci_commit, ci_run_url
                FROM {QualifiedName(schema)} ORDER BY checked_at DESC, id DESC LIMIT @limit
                """,
                connection,
                transaction);
            select.Parameters.AddWithValue("limit", limit);
            await using var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                string? Optional(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                checks.Add(new DriftCheck(
                    reader.GetFieldValue<DateTimeOffset>(1), Optional(2), FindingNames.ParseStatus(reader.GetString(3)), FindingNames.ParseSeverity(reader.GetString(4)),
                    reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetString(8), Optional(9), Optional(10))
                {
                    Id = reader.GetInt64(0),
                    Schema = schema,
                });
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return checks.OrderBy(c => c.CheckedAt).ThenBy(c => c.Id).ToList();
    }

    private static void Text(NpgsqlCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
}
