using System.Diagnostics;
using Npgsql;
using SchemaDrift.Postgres.Catalog;
using SchemaDrift.Postgres.Connections;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Connections;

/// <summary>Connections for inspection: clear, password-free errors, and reads that never wait for ever behind a lock.</summary>
public class DatabaseConnectorTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_wrong_password_that_is_also_a_common_word_leaves_the_message_intact()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        var wrong = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Password = "user" };

        var ex = await Assert.ThrowsAsync<DatabaseConnectionException>(() => DatabaseConnector.OpenAsync(wrong));

        // Masking by text replacement once turned this into "wrong ******** name or password", showing the password.
        Assert.Equal($"Authentication failed for {ConnectionDisplay.Describe(wrong)}: wrong user name or password. Check the connection string or the variable it comes from.", ex.Message);
        Assert.DoesNotContain("*", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sessions_wait_for_locks_at_most_the_lock_timeout_they_are_opened_with()
    {
        await using var database = await fixture.CreateDatabaseAsync();

        await using (var byDefault = await DatabaseConnector.OpenAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString)))
        {
            Assert.Equal("30s", await ScalarAsync(byDefault, "SHOW lock_timeout"));
        }

        await using var bounded = await DatabaseConnector.OpenAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString), lockTimeout: TimeSpan.FromMilliseconds(1500));
        Assert.Equal("1500ms", await ScalarAsync(bounded, "SHOW lock_timeout"));
    }

    [Fact]
    public async Task A_catalog_read_behind_an_access_exclusive_lock_times_out_on_both_connections_and_the_holder_is_named()
    {
        await using var database = await fixture.CreateDatabaseAsync();
        await database.ExecuteAsync("CREATE TABLE orders (id int PRIMARY KEY); CREATE VIEW open_orders AS SELECT id FROM orders;");
        await using var holder = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = "nightly batch", Pooling = false }.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", holder, transaction))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        await using var reader = await DatabaseConnector.OpenAsync(new NpgsqlConnectionStringBuilder(database.ConnectionString), lockTimeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        // The view's definition is printed on the second connection (pg_get_viewdef locks what the view reads).
        var ex = await Assert.ThrowsAsync<PostgresException>(() => CatalogReader.ReadAsync(reader));

        Assert.Equal(PostgresErrorCodes.LockNotAvailable, ex.SqlState);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(8));
        var blocker = Assert.Single(await LockHolder.BlockingReadsAsync(reader));
        Assert.Equal(holder.ProcessID, blocker.Pid);
        Assert.Equal("nightly batch", blocker.ApplicationName);
        Assert.Equal("holds ACCESS EXCLUSIVE on orders", blocker.Lock);
        Assert.Equal("LOCK TABLE orders IN ACCESS EXCLUSIVE MODE", blocker.Query);
        Assert.Contains($"pid {holder.ProcessID} (nightly batch), user ", blocker.ToString(), StringComparison.Ordinal);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() as string;
    }
}
