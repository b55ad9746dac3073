using Npgsql;

namespace SchemaDrift.Postgres.Locking;

/// <summary>Who holds (or waits for) a lock, read from pg_stat_activity.</summary>
public sealed record LockHolder(int Pid, string? ApplicationName, string? ClientAddress, string? User, DateTimeOffset? Since, string? State)
{
    /// <summary>How much of the holder's query is shown.</summary>
    public const int QueryLength = 100;

    /// <summary>Its current (or last) query, shortened to <see cref="QueryLength"/> characters; null when not visible to this role.</summary>
    public string? Query { get; init; }

    /// <summary>What it holds or waits for, e.g. <c>holds ACCESS EXCLUSIVE on shop.orders</c>.</summary>
    public string? Lock { get; init; }

    /// <summary>
    /// The holders a query returns as (pid, application_name, client address, user, since, state), the columns
    /// <c>pg_stat_activity</c> gives, optionally followed by the query and what it holds.
    /// </summary>
    public static async Task<IReadOnlyList<LockHolder>> ReadAsync(NpgsqlCommand command, CancellationToken ct = default)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var holders = new List<LockHolder>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            holders.Add(new LockHolder(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5))
            {
                Query = reader.FieldCount > 6 && !reader.IsDBNull(6) ? Shorten(reader.GetString(6)) : null,
                Lock = reader.FieldCount > 7 && !reader.IsDBNull(7) ? reader.GetString(7) : null,
            });
        }

        return holders;
    }

    /// <summary>
    /// The sessions that can keep a read of this database waiting: a read takes ACCESS SHARE locks, which only an
    /// ACCESS EXCLUSIVE lock conflicts with, held or queued ahead of it (a queued request makes later ones wait too).
    /// Sessions in <paramref name="except"/> (this process's own) are left out. Since is when the holder's
    /// transaction began.
    /// </summary>
    public static async Task<IReadOnlyList<LockHolder>> BlockingReadsAsync(NpgsqlConnection connection, IReadOnlyCollection<int>? except = null, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT DISTINCT ON (a.pid) a.pid, a.application_name, host(a.client_addr), a.usename, coalesce(a.xact_start, a.backend_start), a.state,
                   a.query, {Describe}
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'
              AND l.pid <> pg_backend_pid() AND NOT (l.pid = ANY(@except))
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY a.pid, l.granted DESC
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("except", (except ?? []).ToArray());
        return await LockHolder.ReadAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The sessions holding (or queued for) any lock on <paramref name="relations"/> (names as SQL writes them), but
    /// <paramref name="except"/>: who a statement that timed out waiting for one of them was behind. None when they
    /// cannot be read (the connection is gone).
    /// </summary>
    public static async Task<IReadOnlyList<LockHolder>> OnRelationsQuietlyAsync(NpgsqlConnection connection, IReadOnlyList<string> relations, IReadOnlyCollection<int>? except = null, CancellationToken ct = default)
    {
        const string sql = $"""
            SELECT DISTINCT ON (a.pid) a.pid, a.application_name, host(a.client_addr), a.usename, coalesce(a.xact_start, a.backend_start), a.state,
                   a.query, {Describe}
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.relation IN (SELECT to_regclass(r) FROM unnest(@relations) r)
              AND l.pid <> pg_backend_pid() AND NOT (l.pid = ANY(@except))
            ORDER BY a.pid, l.granted DESC
            """;
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("relations", relations.ToArray());
            command.Parameters.AddWithValue("except", (except ?? []).ToArray());
            return await ReadAsync(command, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            return [];
        }
    }

    /// <summary>"blocked by …" naming each holder, or why none is named.</summary>
    public static string Blockers(IReadOnlyList<LockHolder> holders) =>
        holders.Count == 0 ? "and the session that held it has finished or is not visible to this role" : "blocked by " + string.Join("; ", holders);

    /// <summary>
    /// What a read or statement that waited longer than its lock timeout (SQLSTATE 55P03) says:
    /// <paramref name="what"/> waited longer than <paramref name="limit"/>, and who it was behind.
    /// </summary>
    public static string WaitedTooLong(string what, string limit, IReadOnlyList<LockHolder> holders) =>
        $"{what} waited longer than {limit} for a lock (SQLSTATE {PostgresErrorCodes.LockNotAvailable}), {Blockers(holders)}";

    // "holds ACCESS SHARE on shop.orders": the lock mode as LOCK TABLE spells it.
    private const string Describe =
        @"CASE WHEN l.granted THEN 'holds ' ELSE 'waits for ' END || upper(regexp_replace(regexp_replace(l.mode, 'Lock$', ''), '([a-z])([A-Z])', '\1 \2', 'g')) || ' on ' || l.relation::regclass::text";

    public override string ToString() =>
        $"pid {Pid}" + (ApplicationName is { Length: > 0 } app ? $" ({app})" : string.Empty) +
        (User is null ? string.Empty : $", user {User}") +
        (ClientAddress is null ? string.Empty : $", from {ClientAddress}") +
        (Since is { } since ? $", since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : string.Empty) +
        (Lock is null ? string.Empty : $", {Lock}") +
        (Query is { Length: > 0 } query ? $", query: {query}" : string.Empty);

    private static string Shorten(string query)
    {
        var line = string.Join(' ', query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= QueryLength ? line : line[..(QueryLength - 1)] + "…";
    }
}
