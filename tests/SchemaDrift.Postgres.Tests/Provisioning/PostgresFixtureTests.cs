using System.Diagnostics;
using Npgsql;
using SchemaDrift.Provisioning;
using SchemaDrift.Testing;
using Xunit.Abstractions;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>The shared fixture: one server per process, fresh databases per test, cloned from templates built once.</summary>
public class PostgresFixtureTests(PostgresFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task The_shared_server_follows_the_resolution_order()
    {
        var server = fixture.Server;
        Assert.Same(server, await SharedPostgres.GetAsync());

        var expected = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresProvisioningOptions.DefaultConnectionVariable))
            ? PostgresServerKind.External
            : await DockerProbe.AnswersAsync(Environment.GetEnvironmentVariable("DOCKER_HOST"), TimeSpan.FromSeconds(2), default)
                ? PostgresServerKind.Testcontainers
                : PostgresServerKind.LocalCluster;
        Assert.Equal(expected, server.Kind);
        output.WriteLine($"{server.Describe()}, provided in {SharedPostgres.StartupTime!.Value.TotalMilliseconds:0} ms");
    }

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
            Assert.Equal(first.Name, await first.ScalarAsync<string>("SELECT current_database()"));
        }

        Assert.Equal(0L, await CountDatabasesAsync(name));
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

        var key = nameof(Databases_cloned_from_a_template_start_with_its_contents);
        var templates = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.GetTemplateAsync(key, Build)));
        Assert.All(templates, t => Assert.Equal(templates[0], t));
        Assert.Equal(1, builds);

        await using var a = await fixture.CreateDatabaseAsync(templates[0]);
        await using var b = await fixture.CreateDatabaseAsync(templates[0]);
        await a.ExecuteAsync("UPDATE seeded SET v = 1");
        Assert.Equal(1, await a.ScalarAsync<int>("SELECT v FROM seeded"));
        Assert.Equal(42, await b.ScalarAsync<int>("SELECT v FROM seeded"));
    }

    [Fact]
    public async Task A_template_from_sql_is_cloned_quickly()
    {
        var template = await fixture.GetTemplateAsync(nameof(A_template_from_sql_is_cloned_quickly), """
            CREATE SCHEMA shop;
            CREATE TABLE shop.product (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);
            INSERT INTO shop.product (name) SELECT 'product ' || i FROM generate_series(1, 1000) i;
            """);

        var watch = Stopwatch.StartNew();
        await using (await fixture.CreateDatabaseAsync())
        {
            output.WriteLine($"empty database: {watch.ElapsedMilliseconds} ms");
        }

        for (var i = 0; i < 3; i++)
        {
            watch.Restart();
            await using var clone = await fixture.CreateDatabaseAsync(template);
            output.WriteLine($"clone of the template: {watch.ElapsedMilliseconds} ms");
            Assert.Equal(1000L, await clone.ScalarAsync<long>("SELECT count(*) FROM shop.product"));
        }
    }

    [Fact]
    public async Task A_failed_template_build_is_dropped_and_tried_again_next_time()
    {
        var key = nameof(A_failed_template_build_is_dropped_and_tried_again_next_time);
        string? failedName = null;
        var ex = await Assert.ThrowsAsync<PostgresException>(() => fixture.GetTemplateAsync(key, async connectionString =>
        {
            failedName = new NpgsqlConnectionStringBuilder(connectionString).Database;
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE broken (", connection);
            await command.ExecuteNonQueryAsync();
        }));
        Assert.Equal(PostgresErrorCodes.SyntaxError, ex.SqlState);
        Assert.Equal(0L, await CountDatabasesAsync(failedName!));

        var template = await fixture.GetTemplateAsync(key, "CREATE TABLE fixed (id int)");
        await using var clone = await fixture.CreateDatabaseAsync(template);
        Assert.Equal(1L, await clone.ScalarAsync<long>("SELECT count(*) FROM pg_class WHERE relname = 'fixed'"));
    }

    private async Task<long> CountDatabasesAsync(string name)
    {
        await using var admin = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @n", admin);
        command.Parameters.AddWithValue("n", name);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
