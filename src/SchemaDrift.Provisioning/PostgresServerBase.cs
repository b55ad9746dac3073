using Npgsql;

namespace SchemaDrift.Provisioning;

/// <summary>What every kind of server shares: creating and dropping databases through the admin connection.</summary>
public abstract class PostgresServerBase(string adminConnectionString, int majorVersion) : IPostgresServer
{
    private static int counter;

    public abstract PostgresServerKind Kind { get; }

    public string AdminConnectionString { get; } = adminConnectionString;

    public int MajorVersion { get; } = majorVersion;

    public virtual string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        return $"{Kind} PostgreSQL {MajorVersion} at {builder.Host}:{builder.Port} as {builder.Username}";
    }

    public async Task<string> CreateDatabaseAsync(string? name = null, string? template = null, CancellationToken ct = default)
    {
        name ??= NewDatabaseName();
        var sql = $"CREATE DATABASE {Quote(name)}" + (template is null ? string.Empty : $" TEMPLATE {Quote(template)}");
        await ExecuteAdminAsync(sql, ct).ConfigureAwait(false);
        return ConnectionStringFor(name);
    }

    public Task DropDatabaseAsync(string name, CancellationToken ct = default) =>
        ExecuteAdminAsync($"DROP DATABASE IF EXISTS {Quote(name)} WITH (FORCE)", ct);

    /// <summary>A connection string to <paramref name="database"/> with the admin credentials.</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = false }.ConnectionString;

    public abstract ValueTask DisposeAsync();

    /// <summary>A unique, valid database name: sd_ + time + process + counter.</summary>
    public static string NewDatabaseName() =>
        $"sd_{DateTime.UtcNow:HHmmss}_{Environment.ProcessId}_{Interlocked.Increment(ref counter)}";

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static async Task<int> ReadMajorVersionAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        return connection.PostgreSqlVersion.Major;
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
