using System.Net.Sockets;
using Npgsql;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>The throwaway cluster from the local binaries (path c), and the external server (path a) on top of it.</summary>
public class LocalClusterTests
{
    [Fact]
    public async Task A_local_cluster_starts_serves_databases_and_is_gone_after_dispose()
    {
        var server = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster));
        var cluster = Assert.IsType<LocalCluster>(server);
        int port;
        string directory;
        await using (server)
        {
            Assert.Equal(PostgresServerKind.LocalCluster, server.Kind);
            port = cluster.Port;
            directory = cluster.Directory;
            Assert.True(Directory.Exists(cluster.DataDirectory));

            var connectionString = await server.CreateDatabaseAsync();
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                Assert.Equal(server.MajorVersion, connection.PostgreSqlVersion.Major);
                await Execute(connection, "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one');");
                Assert.Equal("one", await Scalar(connection, "SELECT name FROM t WHERE id = 1"));
                Assert.StartsWith("PostgreSQL", (string)(await Scalar(connection, "SELECT version()"))!);
            }

            Assert.Equal("127.0.0.1", new NpgsqlConnectionStringBuilder(server.AdminConnectionString).Host);
        }

        Assert.False(Directory.Exists(directory), "the cluster folder is deleted on dispose");
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    [Fact]
    public async Task A_server_named_by_the_environment_variable_is_used_as_an_external_server()
    {
        await using var cluster = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster));
        var variable = "SCHEMADRIFT_TEST_EXTERNAL_" + Environment.ProcessId;
        Environment.SetEnvironmentVariable(variable, cluster.AdminConnectionString);
        try
        {
            await using var external = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(ConnectionVariable: variable));

            Assert.Equal(PostgresServerKind.External, external.Kind);
            Assert.Equal(cluster.MajorVersion, external.MajorVersion);
            var connectionString = await external.CreateDatabaseAsync();
            var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                Assert.Equal(database, await Scalar(connection, "SELECT current_database()"));
            }

            await external.DropDatabaseAsync(database);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        // Disposing an external server leaves it running.
        await using var check = new NpgsqlConnection(cluster.AdminConnectionString);
        await check.OpenAsync();
    }

    [Fact]
    public async Task The_password_never_appears_in_descriptions_or_errors()
    {
        await using var cluster = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster));
        var password = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString).Password!;
        Assert.False(string.IsNullOrEmpty(password));
        Assert.DoesNotContain(password, cluster.Describe());

        var wrong = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Password = "not-the-password-" + password[..4] };
        var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() => ExternalServer.ConnectAsync(wrong.ConnectionString));
        Assert.DoesNotContain(wrong.Password, ex.Message);
        Assert.Contains("Cannot connect", ex.Message);
    }

    [Fact]
    public async Task A_malformed_external_connection_string_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() => ExternalServer.ConnectAsync("postgres://user:pw@/"));
        Assert.Contains("Invalid connection string", ex.Message);
        Assert.DoesNotContain("pw@", ex.Message);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
