using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Provisioning;

/// <summary>A scratch database removed because the run that made it is over.</summary>
/// <param name="Name">The database.</param>
/// <param name="Why">Who made it and why it is stale, for people.</param>
public sealed record RemovedDatabase(string Name, string Why);

/// <summary>
/// Scratch databases on a server the tool shares with other runs (a shadow server named by a connection string): each
/// is named <c>prefix_yyMMddHHmmss_pid_n_tag</c> and carries its creator's identity in its comment (host, pid, process
/// start time, creation time), so that the next run can remove those a killed run or a stopped server left behind.
/// </summary>
public static partial class ScratchDatabases
{
    /// <summary>How the comment of a scratch database begins.</summary>
    public const string CommentPrefix = "schemadrift scratch database;";

    /// <summary>A scratch database whose creator cannot be checked (another host, or no identity) is removed after this long.</summary>
    public static readonly TimeSpan UncheckedAge = TimeSpan.FromHours(24);

    /// <summary>Creates a scratch database with <paramref name="prefix"/> and records who made it; returns its name and a connection string.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateAsync(IPostgresServer server, string prefix, CancellationToken ct = default)
    {
        var name = PostgresServerBase.NewDatabaseName(prefix);
        var connectionString = await server.CreateDatabaseAsync(name, template: null, ct).ConfigureAwait(false);
        var identity = ProcessIdentity.Current;
        var comment = string.Create(CultureInfo.InvariantCulture,
            $"{CommentPrefix} host={Environment.MachineName}; pid={identity.Pid}; start={identity.StartTime?.ToString(CultureInfo.InvariantCulture) ?? "?"}; created={DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}");
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString);
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand($"COMMENT ON DATABASE {SqlText.Ident(name)} IS {SqlText.Literal(comment)}", connection);
            await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // Without its identity nobody could tell it is ours: never leave it behind unmarked.
            await server.DropDatabaseAsync(name, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return (name, connectionString);
    }

    /// <summary>
    /// Drops the scratch databases with <paramref name="prefix"/> that no run needs any more: nobody is connected, and
    /// either the process that made them ran on this host and is gone (its pid is free, or taken by a process that
    /// started later), or they are older than <paramref name="uncheckedAge"/> (default <see cref="UncheckedAge"/>) and
    /// their creator cannot be checked from here. Returns what was dropped.
    /// </summary>
    public static async Task<IReadOnlyList<RemovedDatabase>> RemoveStaleAsync(IPostgresServer server, string prefix, TimeSpan? uncheckedAge = null, CancellationToken ct = default)
    {
        var candidates = new List<(string Name, string? Comment)>();
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(
                """
                SELECT d.datname, shobj_description(d.oid, 'pg_database')
                FROM pg_database d
                WHERE starts_with(d.datname, @prefix) AND NOT d.datistemplate
                  AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datid = d.oid)
                ORDER BY 1
                """,
                connection);
            command.Parameters.AddWithValue("prefix", prefix + "_");
            await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                candidates.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
            }
        }

        var removed = new List<RemovedDatabase>();
        foreach (var (name, comment) in candidates)
        {
            if (Stale(name, comment, uncheckedAge ?? UncheckedAge, DateTime.UtcNow) is { } why)
            {
                await server.DropDatabaseAsync(name, ct).ConfigureAwait(false);
                removed.Add(new RemovedDatabase(name, why));
            }
        }

        return removed;
    }

    /// <summary>Why a scratch database is stale, or null when its run may still need it.</summary>
    internal static string? Stale(string name, string? comment, TimeSpan uncheckedAge, DateTime now)
    {
        var owner = comment is null ? null : OwnerPattern().Match(comment);
        if (owner is { Success: true } && owner.Groups["host"].Value == Environment.MachineName)
        {
            var identity = new ProcessIdentity(
                int.Parse(owner.Groups["pid"].Value, CultureInfo.InvariantCulture),
                long.TryParse(owner.Groups["start"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null);
            return identity.IsAlive() ? null : $"made by process {identity.Pid} on this host, which is gone";
        }

        var created = owner is { Success: true } && DateTime.TryParseExact(owner.Groups["created"].Value, "yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : NamePattern().Match(name) is { Success: true } named && DateTime.TryParseExact(named.Groups["time"].Value, "yyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamped)
                ? stamped
                : (DateTime?)null;
        if (created is not { } when || now - when < uncheckedAge)
        {
            return null;
        }

        var who = owner is { Success: true } ? $"made on host {owner.Groups["host"].Value}" : "made by an unknown run";
        return string.Create(CultureInfo.InvariantCulture, $"{who} {(now - when).TotalHours:0} h ago");
    }

    [GeneratedRegex(@"^schemadrift scratch database; host=(?<host>[^;]*); pid=(?<pid>[0-9]{1,9}); start=(?<start>[0-9]+|\?); created=(?<created>[0-9TZ:-]+)$")]
    private static partial Regex OwnerPattern();

    [GeneratedRegex(@"_(?<time>[0-9]{12})_[0-9]+_[0-9]+_[0-9a-f]+$")]
    private static partial Regex NamePattern();
}
