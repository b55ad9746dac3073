using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;
using SchemaDrift.Provisioning;
using Xunit.Abstractions;

namespace SchemaDrift.Postgres.Tests.Provisioning;

/// <summary>The throwaway cluster from the local binaries (path c): start, serve, stop, and no leftovers.</summary>
public class LocalClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_local_cluster_starts_serves_databases_and_is_gone_after_dispose()
    {
        var watch = Stopwatch.StartNew();
        var server = await PostgresServerProvider.StartAsync(new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster));
        output.WriteLine($"local cluster started in {watch.ElapsedMilliseconds} ms: {server.Describe()}");
        var cluster = Assert.IsType<LocalCluster>(server);
        int port;
        string directory;
        await using (server)
        {
            Assert.Equal(PostgresServerKind.LocalCluster, server.Kind);
            port = cluster.Port;
            directory = cluster.Directory;
            Assert.True(Directory.Exists(cluster.DataDirectory));
            Assert.False(File.Exists(Path.Combine(directory, "pwfile")), "the password file is removed after initdb");
            Assert.Equal(PostgresBinaries.Find().MajorVersion, server.MajorVersion);
            if (Environment.UserName == "root")
            {
                Assert.NotEqual("root", cluster.OsUserName);
            }

            var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
            Assert.Equal("127.0.0.1", admin.Host);
            Assert.Equal("postgres", admin.Database);
            Assert.Contains($"127.0.0.1:{port}", server.Describe());
            Assert.DoesNotContain(admin.Password!, server.Describe());

            var connectionString = await server.CreateDatabaseAsync();
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                await connection.OpenAsync();
                Assert.StartsWith($"PostgreSQL {server.MajorVersion}", (string)(await Scalar(connection, "SELECT version()"))!);
                await Scalar(connection, "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t VALUES (1, 'one'), (2, 'two');");
                Assert.Equal("two", await Scalar(connection, "SELECT name FROM t WHERE id = 2"));
                Assert.Equal("127.0.0.1", await Scalar(connection, "SHOW listen_addresses"));
                Assert.Equal("off", await Scalar(connection, "SHOW fsync"));
                Assert.Equal("0700", await Scalar(connection, "SHOW unix_socket_permissions"));
                Assert.Equal(cluster.DataDirectory, await Scalar(connection, "SHOW data_directory"));
            }
        }

        Assert.True(cluster.CleanedUpByWatchdog, "the watchdog, which also covers a dying process, stopped and deleted the cluster");
        Assert.False(Directory.Exists(directory), "the cluster folder is deleted on dispose");
        await AssertClosedAsync(port);
    }

    [Fact]
    public async Task Clusters_left_by_dead_processes_are_removed_by_the_next_start_and_nothing_else_is_touched()
    {
        var root = Path.Combine(Path.GetTempPath(), $"schemadrift-pg-test-{Guid.NewGuid():N}"[..40]);
        var binaries = PostgresBinaries.Find();
        var deadPid = DeadProcessId();
        using var bystander = StartBystander();
        try
        {
            // A cluster whose process died with its watchdog (say, the whole process group was killed).
            await using var abandoned = await LocalCluster.StartAsync(binaries, root);
            using (var watchdog = Process.GetProcessById(abandoned.WatchdogProcessId!.Value))
            {
                watchdog.Kill();
                await watchdog.WaitForExitAsync();
            }

            await File.WriteAllTextAsync(Path.Combine(abandoned.Directory, "owner.pid"), $"{deadPid}\n");

            // Trash a cleaner left half-deleted, and a stale cluster whose postmaster.pid names a live process that is
            // not its server (a recycled pid): that process must not be signalled.
            var trash = Directory.CreateDirectory(Path.Combine(root, $"1-0badc0de.trash-{deadPid}", "data", "base")).FullName;
            var recycled = Path.Combine(root, "2-0badf00d");
            Directory.CreateDirectory(Path.Combine(recycled, "data"));
            await File.WriteAllTextAsync(Path.Combine(recycled, "owner.pid"), $"{deadPid}\n");
            await File.WriteAllTextAsync(Path.Combine(recycled, "data", "postmaster.pid"), $"{bystander.Id}\n");
            await File.WriteAllTextAsync(Path.Combine(recycled, "data", "PG_VERSION"), $"{binaries.MajorVersion}\n"); // else pg_ctl refuses anyway

            await using (var fresh = await LocalCluster.StartAsync(binaries, root))
            {
                Assert.False(Directory.Exists(abandoned.Directory), "the abandoned cluster is deleted");
                await AssertClosedAsync(abandoned.Port);
                Assert.False(Directory.Exists(trash));
                Assert.False(Directory.Exists(recycled));
                Assert.False(bystander.HasExited, "a process merely named by a stale postmaster.pid is left alone");
                Assert.Equal(fresh.Directory, Assert.Single(Directory.GetDirectories(root)));

                await using var connection = new NpgsqlConnection(fresh.AdminConnectionString);
                await connection.OpenAsync();
                Assert.Equal(1, await Scalar(connection, "SELECT 1"));
            }

            await abandoned.DisposeAsync();
            Assert.Empty(Directory.GetDirectories(root));
        }
        finally
        {
            bystander.Kill();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_cluster_root_closed_to_the_server_user_is_a_clear_error()
    {
        var user = OsUser.ForCluster();
        if (user.IsCurrent || OperatingSystem.IsWindows())
        {
            return; // Only root hands the cluster to another user.
        }

        var closed = Path.Combine(Path.GetTempPath(), $"schemadrift-closed-{Guid.NewGuid():N}");
        Directory.CreateDirectory(closed, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var ex = await Assert.ThrowsAsync<PostgresProvisioningException>(() => PostgresServerProvider.StartAsync(
                new PostgresProvisioningOptions(Mode: PostgresServerKind.LocalCluster) { ClusterRoot = Path.Combine(closed, "clusters") }));
            Assert.Contains($"User {user.Name}", ex.Message);
            Assert.Contains("Set TMPDIR (or the ClusterRoot option)", ex.Message);
            Assert.False(Directory.Exists(Path.Combine(closed, "clusters")));
        }
        finally
        {
            Directory.Delete(closed, recursive: true);
        }
    }

    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    /// <summary>A harmless process owned by the user clusters run as, so that a wrong signal could really reach it.</summary>
    private static Process StartBystander()
    {
        var user = OsUser.ForCluster();
        var setpriv = OsUser.FindProgram("setpriv");
        var start = user.IsCurrent || setpriv is null
            ? new ProcessStartInfo("/bin/sleep", ["120"])
            : new ProcessStartInfo(setpriv, [$"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "/bin/sleep", "120"]);
        return Process.Start(start)!;
    }

    private static async Task AssertClosedAsync(int port)
    {
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
