using Npgsql;
using SchemaDrift.Provisioning;
using SchemaDrift.Testing;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>
/// Path (a): a server named by an environment variable. The variable (a name of the test's own, set in-process)
/// points at the shared test server, so these tests always run.
/// </summary>
public class ExternalServerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private NpgsqlConnectionStringBuilder Admin => new(fixture.Server.AdminConnectionString);

    [Fact]
    public async Task A_keyword_connection_string_in_the_variable_gives_an_external_server()
    {
        await WithVariableAsync(fixture.Server.AdminConnectionString, async variable =>
        {
            await using var external = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable));

            Assert.Equal(PostgresServerKind.External, external.Kind);
            Assert.Equal(fixture.Server.MajorVersion, external.MajorVersion);
            await AssertServesDatabasesAsync(external);
            AssertNoPassword(external.Describe());
        });

        // Disposing an external server leaves it running.
        await using var check = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await check.OpenAsync();
    }

    [Fact]
    public async Task A_postgres_url_in_the_variable_gives_an_external_server_on_the_postgres_database()
    {
        var admin = Admin;
        var url = $"postgres://{Uri.EscapeDataString(admin.Username!)}:{Uri.EscapeDataString(admin.Password ?? string.Empty)}@{admin.Host}:{admin.Port}";
        await WithVariableAsync(url, async variable =>
        {
            await using var external = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable, Mode: PostgresServerKind.External));

            Assert.Equal(PostgresServerKind.External, external.Kind);
            Assert.Equal("postgres", new NpgsqlConnectionStringBuilder(external.AdminConnectionString).Database);
            await AssertServesDatabasesAsync(external);
            AssertNoPassword(external.Describe());
        });
    }

    [Fact]
    public async Task A_wrong_password_is_a_clear_error_without_the_password()
    {
        var wrong = new NpgsqlConnectionStringBuilder(fixture.Server.AdminConnectionString) { Password = "Wr0ng-" + Guid.NewGuid().ToString("N") };
        await WithVariableAsync(wrong.ConnectionString, async variable =>
        {
            var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() =>
                PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable)));

            Assert.StartsWith($"Cannot connect to the PostgreSQL server named by {variable} ({wrong.Username}@{wrong.Host}", ex.Message);
            Assert.Contains("28P01", ex.Message);
            Assert.DoesNotContain(wrong.Password, ex.Message);
            AssertNoPassword(ex.Message);
            Assert.DoesNotContain('\n', ex.Message);
        });
    }

    [Theory]
    [InlineData("postgres://user:s3cret-pw@/", "the URL is malformed")]
    [InlineData("just some words s3cret-pw", "neither a keyword connection string")]
    [InlineData("Host=localhost;Password=s3cret-pw;Nonsense=1", "Nonsense")]
    public async Task A_malformed_connection_string_in_the_variable_is_a_clear_error(string value, string reason)
    {
        await WithVariableAsync(value, async variable =>
        {
            var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() =>
                PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable)));

            Assert.StartsWith("Invalid connection string:", ex.Message);
            Assert.Contains(reason, ex.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Contains($"Fix {variable}", ex.Message);
            Assert.DoesNotContain("s3cret-pw", ex.Message);
        });
    }

    [Fact]
    public async Task Asking_for_an_external_server_without_the_variable_names_the_variable()
    {
        var variable = "SCHEMADRIFT_TEST_UNSET_" + Guid.NewGuid().ToString("N");
        var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() =>
            PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable, Mode: PostgresServerKind.External)));
        Assert.Equal($"{variable} is not set. Set it to a superuser connection string, e.g. Host=localhost;Username=postgres;Password=...", ex.Message);
    }

    [Fact]
    public async Task A_role_that_may_not_create_databases_is_refused_with_the_fix()
    {
        var role = PostgresServerBase.NewDatabaseName("role");
        var password = Guid.NewGuid().ToString("N");
        await AdminAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'");
        try
        {
            var limited = new NpgsqlConnectionStringBuilder(fixture.Server.AdminConnectionString) { Username = role, Password = password };
            var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() => ExternalServer.ConnectAsync(limited.ConnectionString, "TEST_VARIABLE"));
            Assert.Contains($"The role {role} named by TEST_VARIABLE", ex.Message);
            Assert.Contains("Use a superuser or a role with CREATEDB", ex.Message);
            Assert.DoesNotContain(password, ex.Message);
        }
        finally
        {
            await AdminAsync($"DROP ROLE \"{role}\"");
        }
    }

    private static async Task WithVariableAsync(string value, Func<string, Task> test)
    {
        var variable = "SCHEMADRIFT_TEST_EXTERNAL_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            await test(variable);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static async Task AssertServesDatabasesAsync(IPostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_database()", connection);
            Assert.Equal(database, await command.ExecuteScalarAsync());
        }

        await server.DropDatabaseAsync(database);
    }

    private void AssertNoPassword(string text)
    {
        if (Admin.Password is { Length: > 0 } password)
        {
            Assert.DoesNotContain(password, text);
        }
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.Server.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
