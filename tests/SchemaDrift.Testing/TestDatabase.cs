using Npgsql;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Testing;

/// <summary>A database created for one test; dropped (its sessions ended) on dispose.</summary>
public sealed class TestDatabase(IPostgresServer server, string name, string connectionString) : IAsyncDisposable
{
    private int disposed;

    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public IPostgresServer Server { get; } = server;

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        return connection;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    public async Task<T?> ScalarAsync<T>(string sql)
    {
        await using var connection = await OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync().ConfigureAwait(false);
        return value is null or DBNull ? default : (T)value;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            NpgsqlConnection.ClearAllPools();
            await Server.DropDatabaseAsync(Name).ConfigureAwait(false);
        }
    }
}
