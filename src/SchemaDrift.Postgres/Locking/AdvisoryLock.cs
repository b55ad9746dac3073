using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace SchemaDrift.Postgres.Locking;

/// <summary>The lock could not be had in time; <see cref="Holders"/> says who has it.</summary>
public sealed class LockNotAcquiredException(long key, TimeSpan waited, IReadOnlyList<LockHolder> holders)
    : Exception($"Another migration run holds the lock (waited {waited.TotalSeconds:F0} s): " +
                (holders.Count == 0 ? "its holder has just released it or is not visible to this role" : string.Join("; ", holders)) +
                ". Wait for it to finish, or raise --lock-wait.")
{
    public long Key { get; } = key;

    public IReadOnlyList<LockHolder> Holders { get; } = holders;
}

/// <summary>
/// A session-level PostgreSQL advisory lock held for a whole run on one pinned connection. It is taken by polling
/// pg_try_advisory_lock with jittered exponential back-off (never a blocking pg_advisory_lock, so waiting is bounded
/// and cancellable), and released explicitly; a failed release is an error. A killed run releases it with its session.
/// </summary>
public sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection connection;
    private bool held;

    private AdvisoryLock(NpgsqlConnection connection, long key)
    {
        this.connection = connection;
        Key = key;
        held = true;
    }

    public long Key { get; }

    /// <summary>The key for a database and a history table: stable, and distinct per database and table.</summary>
    public static long KeyFor(string database, string? historySchema, string historyTable)
    {
        var text = $"schemadrift:{database}:{historySchema ?? string.Empty}.{historyTable}";
        return BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Takes the lock on <paramref name="connection"/> (which must stay open while it is held), waiting at most <paramref name="wait"/>.</summary>
    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlConnection connection, long key, TimeSpan wait, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var started = DateTime.UtcNow;
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            if (await TryAsync(connection, key, ct).ConfigureAwait(false))
            {
                return new AdvisoryLock(connection, key);
            }

            var waited = DateTime.UtcNow - started;
            if (waited >= wait)
            {
                throw new LockNotAcquiredException(key, waited, await HoldersAsync(connection, key, ct).ConfigureAwait(false));
            }

            // Jitter keeps racing runs from polling in step.
            var jittered = delay * (0.5 + Random.Shared.NextDouble());
            await Task.Delay(jittered < wait - waited ? jittered : wait - waited, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>The sessions holding the lock (with a granted advisory lock on the key).</summary>
    public static async Task<IReadOnlyList<LockHolder>> HoldersAsync(NpgsqlConnection connection, long key, CancellationToken ct = default)
    {
        const string sql = """
            SELECT a.pid, a.application_name, host(a.client_addr), a.usename, a.backend_start, a.state, a.query
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = @high AND l.objid = @low AND l.objsubid = 1
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY a.backend_start
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("high", (long)(uint)(key >> 32));
        command.Parameters.AddWithValue("low", (long)(uint)key);
        return await LockHolder.ReadAsync(command, ct).ConfigureAwait(false);
    }

    /// <summary>Releases the lock; a lock that was not held any more is an error (someone released it under us).</summary>
    public async ValueTask ReleaseAsync(CancellationToken ct = default)
    {
        if (!held)
        {
            return;
        }

        held = false;
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
        command.Parameters.AddWithValue("key", Key);
        if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is not true)
        {
            throw new InvalidOperationException($"The advisory lock {Key} was not held when it was released: another statement released it during the run.");
        }
    }

    public ValueTask DisposeAsync() => ReleaseAsync();

    private static async Task<bool> TryAsync(NpgsqlConnection connection, long key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true;
    }
}
