using Npgsql;
using SchemaDrift.Postgres.Sql;
using SchemaDrift.Provisioning;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>Scratch databases on a shared server carry their creator's identity, and the next run removes the ones left behind.</summary>
public class ScratchDatabaseTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    // No process has this pid: Linux allocates pids below 2^22.
    private const int GonePid = 4_194_305;

    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_database_of_a_process_of_this_host_is_stale_once_the_process_is_gone()
    {
        var gone = $"{ScratchDatabases.CommentPrefix} host={Environment.MachineName}; pid={GonePid}; start=12345; created=2026-11-23T11:59:59Z";
        var alive = $"{ScratchDatabases.CommentPrefix} host={Environment.MachineName}; pid={Environment.ProcessId}; start=?; created=2026-11-20T00:00:00Z";

        Assert.Equal($"made by process {GonePid} on this host, which is gone", ScratchDatabases.Stale("x_261123115959_1_1_ab12", gone, TimeSpan.FromHours(24), Now));
        Assert.Null(ScratchDatabases.Stale("x_261120000000_1_1_ab12", alive, TimeSpan.FromHours(24), Now));
    }

    [Fact]
    public void A_database_whose_creator_cannot_be_checked_is_stale_only_after_the_age_limit()
    {
        var elsewhere = $"{ScratchDatabases.CommentPrefix} host=ci-runner-7; pid=12; start=99; created=2026-11-23T10:00:00Z";

        Assert.Null(ScratchDatabases.Stale("x_261123100000_12_1_ab12", elsewhere, TimeSpan.FromHours(24), Now));
        Assert.Equal("made on host ci-runner-7 26 h ago", ScratchDatabases.Stale("x_261122100000_12_1_ab12", elsewhere.Replace("2026-11-23T10", "2026-11-22T10", StringComparison.Ordinal), TimeSpan.FromHours(24), Now));
        Assert.Equal("made by an unknown run 48 h ago", ScratchDatabases.Stale("x_261121120000_12_1_ab12", null, TimeSpan.FromHours(24), Now));
        Assert.Null(ScratchDatabases.Stale("x_261123110000_12_1_ab12", "someone's own comment", TimeSpan.FromHours(24), Now));
        Assert.Null(ScratchDatabases.Stale("x_not_ours", null, TimeSpan.FromHours(24), Now));
    }

    [Fact]
    public async Task Removing_stale_databases_drops_exactly_those_no_run_needs()
    {
        var prefix = "scratchtest" + Environment.ProcessId;
        var (mine, _) = await ScratchDatabases.CreateAsync(fixture.Server, prefix);
        var orphan = PostgresServerBase.NewDatabaseName(prefix);
        var busy = PostgresServerBase.NewDatabaseName(prefix);
        try
        {
            Assert.StartsWith($"{ScratchDatabases.CommentPrefix} host={Environment.MachineName}; pid={Environment.ProcessId}; ", await CommentAsync(mine));
            foreach (var name in new[] { orphan, busy })
            {
                await fixture.Server.CreateDatabaseAsync(name);
                await AdminAsync($"COMMENT ON DATABASE {SqlText.Ident(name)} IS {SqlText.Literal($"{ScratchDatabases.CommentPrefix} host={Environment.MachineName}; pid={GonePid}; start=1; created=2026-01-01T00:00:00Z")}");
            }

            await using var session = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(fixture.Server.AdminConnectionString) { Database = busy, Pooling = false }.ConnectionString);
            await session.OpenAsync();

            var removed = await ScratchDatabases.RemoveStaleAsync(fixture.Server, prefix);

            Assert.Equal([orphan], removed.Select(r => r.Name));
            Assert.Equal($"made by process {GonePid} on this host, which is gone", removed[0].Why);
            Assert.True(await ExistsAsync(mine), "a database of a live process was dropped");
            Assert.True(await ExistsAsync(busy), "a database someone is connected to was dropped");
            Assert.False(await ExistsAsync(orphan));
        }
        finally
        {
            foreach (var name in new[] { mine, orphan, busy })
            {
                await fixture.Server.DropDatabaseAsync(name);
            }
        }
    }

    private async Task<string?> CommentAsync(string database)
    {
        await using var connection = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() as string;
    }

    private async Task<bool> ExistsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", connection);
        command.Parameters.AddWithValue("name", database);
        return await command.ExecuteScalarAsync() is true;
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
