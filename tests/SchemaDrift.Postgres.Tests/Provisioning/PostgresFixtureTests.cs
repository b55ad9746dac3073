using Npgsql;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>The shared fixture: fresh databases per test, cloned from templates built once.</summary>
public class PostgresFixtureTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Each_database_is_fresh_and_dropped_on_dispose()
    {
        string name;
        await using (var first = await fixture.CreateDatabaseAsync())
        {
            name = first.Name;
            await first.ExecuteAsync("CREATE TABLE only_here (id int)");
            await using var second = await fixture.CreateDatabaseAsync();
            Assert.NotEqual(first.Name, second.Name);
            Assert.Equal(0L, await second.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'only_here'"));
            Assert.Equal(1L, await first.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'only_here'"));
        }

        await using var admin = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", admin);
        command.Parameters.AddWithValue("n", name);
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Databases_cloned_from_a_template_start_with_its_contents()
    {
        var builds = 0;
        async Task Build(string connectionString)
        {
            Interlocked.Increment(ref builds);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE seeded (v int); INSERT INTO seeded VALUES (42);", connection);
            await command.ExecuteNonQueryAsync();
        }

        var template = await fixture.GetTemplateAsync(nameof(Databases_cloned_from_a_template_start_with_its_contents), Build);
        Assert.Equal(template, await fixture.GetTemplateAsync(nameof(Databases_cloned_from_a_template_start_with_its_contents), Build));
        Assert.Equal(1, builds);

        await using var a = await fixture.CreateDatabaseAsync(template);
        await using var b = await fixture.CreateDatabaseAsync(template);
        await a.ExecuteAsync("UPDATE seeded SET v = 1");
        Assert.Equal(1, await a.ScalarAsync<int>("SELECT v FROM seeded"));
        Assert.Equal(42, await b.ScalarAsync<int>("SELECT v FROM seeded"));
    }
}
