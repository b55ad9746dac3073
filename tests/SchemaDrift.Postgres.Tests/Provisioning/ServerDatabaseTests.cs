using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using SchemaDrift.Provisioning;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>What every server offers: creating, cloning and dropping databases, with clear errors.</summary>
public class ServerDatabaseTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private IPostgresServer Server => fixture.Server;

    [Fact]
    public async Task Names_that_need_quoting_round_trip()
    {
        const string name = "Drift \"Quoted\" db; DROP";
        var connectionString = await Server.CreateDatabaseAsync(name);
        try
        {
            Assert.Equal(name, await ScalarAsync(connectionString, "SELECT current_database()"));
        }
        finally
        {
            await Server.DropDatabaseAsync(name);
        }

        Assert.Equal(0L, await ScalarAsync(Server.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{name.Replace("'", "''")}'"));
    }

    [Fact]
    public void Generated_names_are_unique_and_valid()
    {
        var names = Enumerable.Range(0, 1000).Select(_ => PostgresServerBase.NewDatabaseName()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches(new Regex("^sd_[0-9]{12}_[0-9]+_[0-9]+_[0-9a-f]{4}$"), n));
        Assert.All(names, n => Assert.InRange(Encoding.UTF8.GetByteCount(n), 1, PostgresServerBase.MaxIdentifierBytes));
        Assert.StartsWith("tpl_", PostgresServerBase.NewDatabaseName("tpl"));
    }

    [Fact]
    public async Task A_name_PostgreSQL_would_truncate_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => Server.CreateDatabaseAsync(new string('x', 64)));
        Assert.Equal("name", ex.ParamName);
    }

    [Fact]
    public async Task A_template_ends_its_sessions_refuses_new_ones_and_clones_with_its_contents()
    {
        var template = PostgresServerBase.NewDatabaseName("tpl");
        var templateConnection = await Server.CreateDatabaseAsync(template);
        try
        {
            await using var lingering = new NpgsqlConnection(templateConnection);
            await lingering.OpenAsync();
            await using (var seed = new NpgsqlCommand("CREATE TABLE seeded (v int); INSERT INTO seeded VALUES (42);", lingering))
            {
                await seed.ExecuteNonQueryAsync();
            }

            await Server.MakeTemplateAsync(template);

            await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
            {
                await using var command = new NpgsqlCommand("SELECT 1", lingering);
                await command.ExecuteScalarAsync();
            });
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(templateConnection, "SELECT 1"));
            Assert.Equal(PostgresErrorCodes.ObjectNotInPrerequisiteState, refused.SqlState);

            var clone = PostgresServerBase.NewDatabaseName();
            var cloneConnection = await Server.CreateDatabaseAsync(clone, template);
            try
            {
                Assert.Equal(42, await ScalarAsync(cloneConnection, "SELECT v FROM seeded"));
                Assert.Equal(true, await ScalarAsync(cloneConnection, "SELECT datallowconn AND NOT datistemplate FROM pg_database WHERE datname = current_database()"));
            }
            finally
            {
                await Server.DropDatabaseAsync(clone);
            }
        }
        finally
        {
            await Server.DropDatabaseAsync(template);
        }

        Assert.Equal(0L, await ScalarAsync(Server.AdminConnectionString, $"SELECT count(*) FROM pg_database WHERE datname = '{template}'"));
    }

    [Fact]
    public async Task Cloning_a_missing_template_is_a_clear_error()
    {
        var missing = PostgresServerBase.NewDatabaseName("missing");
        var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() => Server.CreateDatabaseAsync(template: missing));

        Assert.StartsWith("Could not create database sd_", ex.Message);
        Assert.Contains($"from template {missing} on {Server.Describe()}: template database \"{missing}\" does not exist (SQLSTATE 3D000).", ex.Message);
        Assert.EndsWith("Create the template database first.", ex.Message);
        if (new NpgsqlConnectionStringBuilder(Server.AdminConnectionString).Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, ex.Message);
        }
    }

    [Fact]
    public async Task Dropping_a_database_that_does_not_exist_is_not_an_error()
    {
        await Server.DropDatabaseAsync(PostgresServerBase.NewDatabaseName("gone"));
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
