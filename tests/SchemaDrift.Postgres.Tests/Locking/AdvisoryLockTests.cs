using Npgsql;
using SchemaDrift.Postgres.Locking;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Locking;

public class AdvisoryLockTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public void Keys_are_stable_and_distinct_per_database_and_history_table()
    {
        Assert.Equal(AdvisoryLock.KeyFor("shop", "shop", "__EFMigrationsHistory"), AdvisoryLock.KeyFor("shop", "shop", "__EFMigrationsHistory"));
        Assert.NotEqual(AdvisoryLock.KeyFor("shop", "shop", "__EFMigrationsHistory"), AdvisoryLock.KeyFor("shop_staging", "shop", "__EFMigrationsHistory"));
        Assert.NotEqual(AdvisoryLock.KeyFor("shop", null, "__EFMigrationsHistory"), AdvisoryLock.KeyFor("shop", "ops", "__EFMigrationsHistory"));
    }

    [Fact]
    public async Task A_second_run_waits_a_bounded_time_and_is_told_who_holds_the_lock()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        var key = AdvisoryLock.KeyFor(db.Name, null, "__EFMigrationsHistory");
        await using var first = await Open(db, "schemadrift-first");
        await using var second = await Open(db, "schemadrift-second");

        await using (var held = await AdvisoryLock.AcquireAsync(first, key, TimeSpan.FromSeconds(1)))
        {
            var started = DateTime.UtcNow;
            var ex = await Assert.ThrowsAsync<LockNotAcquiredException>(() => AdvisoryLock.AcquireAsync(second, key, TimeSpan.FromMilliseconds(600)));
            var waited = DateTime.UtcNow - started;

            Assert.InRange(waited, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
            var holder = Assert.Single(ex.Holders);
            Assert.Equal(first.ProcessID, holder.Pid);
            Assert.Equal("schemadrift-first", holder.ApplicationName);
            Assert.Contains("schemadrift-first", ex.Message);
        }

        await using var afterRelease = await AdvisoryLock.AcquireAsync(second, key, TimeSpan.FromSeconds(1));
        Assert.Equal(key, afterRelease.Key);
    }

    [Fact]
    public async Task A_waiting_run_gets_the_lock_as_soon_as_it_is_released()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        var key = AdvisoryLock.KeyFor(db.Name, null, "__EFMigrationsHistory");
        await using var first = await Open(db, "a");
        await using var second = await Open(db, "b");
        var held = await AdvisoryLock.AcquireAsync(first, key, TimeSpan.FromSeconds(1));

        var waiting = AdvisoryLock.AcquireAsync(second, key, TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await held.ReleaseAsync();

        await using var acquired = await waiting;
        var holders = await AdvisoryLock.HoldersAsync(first, key);
        Assert.DoesNotContain(holders, h => h.Pid == first.ProcessID);
        Assert.Contains(holders, h => h.Pid == second.ProcessID);
    }

    [Fact]
    public async Task Releasing_a_lock_someone_else_released_is_an_error()
    {
        await using var db = await fixture.CreateDatabaseAsync();
        var key = AdvisoryLock.KeyFor(db.Name, null, "h");
        await using var connection = await Open(db, "x");
        var held = await AdvisoryLock.AcquireAsync(connection, key, TimeSpan.FromSeconds(1));
        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await held.ReleaseAsync());
    }

    private static async Task<NpgsqlConnection> Open(TestDatabase db, string applicationName)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.ConnectionString) { ApplicationName = applicationName, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
