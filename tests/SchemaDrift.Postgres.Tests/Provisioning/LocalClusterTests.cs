using System.Net.Sockets;
using Npgsql;
using SchemaDrift.Provisioning;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>The throwaway cluster from the local binaries (path c).</summary>
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
