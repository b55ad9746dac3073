using Npgsql;
using SchemaDrift.Testing;

namespace SchemaDrift.Verify.Tests;

/// <summary>
/// A login role that can only connect, read the catalog (as every role can), use the sample's schema and SELECT the
/// history table: the least a read-only inspection needs. Dropped when disposed (after its database is gone).
/// </summary>
internal sealed class ReadOnlyRole : IAsyncDisposable
{
    private readonly ShopAppFixture shop;
    private readonly TestDatabase database;
    private readonly string role;

    private ReadOnlyRole(ShopAppFixture shop, TestDatabase database, string role, string connectionString)
    {
        this.shop = shop;
        this.database = database;
        this.role = role;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ReadOnlyRole> CreateAsync(ShopAppFixture shop, TestDatabase database)
    {
        var role = "sd_reader_" + Guid.NewGuid().ToString("N")[..12];
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await database.ExecuteAsync(
            $"CREATE ROLE {role} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE; " +
            $"REVOKE ALL ON DATABASE \"{database.Name}\" FROM PUBLIC; GRANT CONNECT ON DATABASE \"{database.Name}\" TO {role}; " +
            $"GRANT USAGE ON SCHEMA shop TO {role}; GRANT SELECT ON {shop.HistoryTable} TO {role};");
        var connection = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = password, Pooling = false };
        return new ReadOnlyRole(shop, database, role, connection.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        await database.DisposeAsync();
        await using var admin = new NpgsqlConnection(shop.Postgres.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE IF EXISTS {role}", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
