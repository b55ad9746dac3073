using System.Security.Cryptography;
using System.Text;
using Npgsql;
using SchemaDrift.Postgres.Sql;

namespace SchemaDrift.Provisioning;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a fresh folder, pg_ctl start on a free 127.0.0.1 port, and on dispose
/// an immediate stop and the folder deleted. It listens on 127.0.0.1 only (superuser "postgres", a generated password,
/// SCRAM), and its Unix socket is open to its own OS user only. Settings favour speed over durability.
/// </summary>
/// <remarks>
/// Not leaking it when this process dies: a <see cref="ClusterWatchdog"/> started with the cluster stops it and deletes
/// its folder as soon as this process is gone, however it ended; and should the watchdog die too, the next cluster
/// started under the same root removes every cluster whose owning process is gone (see <see cref="ClusterDirectories"/>).
/// </remarks>
public sealed class LocalCluster : PostgresServerBase
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(35);

    private readonly PostgresBinaries binaries;
    private readonly OsUser user;
    private readonly ClusterWatchdog? watchdog;
    private int disposed;

    private LocalCluster(PostgresBinaries binaries, OsUser user, ClusterWatchdog? watchdog, string directory, int port, string adminConnectionString)
        : base(adminConnectionString, binaries.MajorVersion)
    {
        this.binaries = binaries;
        this.user = user;
        this.watchdog = watchdog;
        Directory = directory;
        Port = port;
    }

    /// <summary>The default folder clusters live in: <c>$TMPDIR/schemadrift-pg</c>.</summary>
    public static string Root => ClusterDirectories.DefaultRoot;

    public override PostgresServerKind Kind => PostgresServerKind.LocalCluster;

    /// <summary>The cluster's folder (data, socket and log); deleted on dispose.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>The OS user the server runs as.</summary>
    public string OsUserName => user.Name;

    /// <summary>Whether the last cleanup was done by the watchdog (the path a dying process relies on).</summary>
    internal bool CleanedUpByWatchdog { get; private set; }

    internal int? WatchdogProcessId => watchdog?.ProcessId;

    public static Task<LocalCluster> StartAsync(PostgresBinaries binaries, CancellationToken ct = default) =>
        StartAsync(binaries, root: null, ct);

    /// <summary>Starts a cluster under <paramref name="root"/> (default <see cref="Root"/>), first removing stale ones there.</summary>
    public static async Task<LocalCluster> StartAsync(PostgresBinaries binaries, string? root, CancellationToken ct = default)
    {
        var user = OsUser.ForCluster();
        root = ClusterDirectories.PrepareRoot(root, user);
        ClusterDirectories.RemoveStale(root, claimed => StopStale(binaries, user, claimed));

        var directory = ClusterDirectories.Create(root, user);
        var watchdog = ClusterWatchdog.Start(directory, user.Command(binaries.PgCtl, StopArguments(directory)));
        try
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
            await InitAsync(binaries, user, directory, password, ct).ConfigureAwait(false);
            var port = await StartServerAsync(binaries, user, directory, ct).ConfigureAwait(false);
            var admin = new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1",
                Port = port,
                Username = "postgres",
                Password = password,
                Database = "postgres",
                Pooling = false,
            }.ConnectionString;
            return new LocalCluster(binaries, user, watchdog, directory, port, admin);
        }
        catch
        {
            await CleanUpAsync(binaries, user, watchdog, directory).ConfigureAwait(false);
            throw;
        }
    }

    public override string Describe() =>
        $"throwaway PostgreSQL {MajorVersion} cluster at 127.0.0.1:{Port} (run as {user.Name}, in {Directory})";

    /// <summary>
    /// Stops the server and keeps the cluster, as a failing server would stop: <c>fast</c> ends every session with
    /// SQLSTATE 57P01 (admin_shutdown), <c>immediate</c> cuts them. For fault-injection tests; see <see cref="RestartAsync"/>.
    /// </summary>
    public Task StopAsync(string mode = "fast", CancellationToken ct = default) =>
        ProcessRunner.RunCheckedAsync(user.StartInfo(binaries.PgCtl, ["-D", DataDirectory, "-m", mode, "-w", "-t", "30", "stop"], Directory), $"pg_ctl stop -m {mode} (as {user.Name})", ToolTimeout, ct);

    /// <summary>Starts the server again after <see cref="StopAsync"/>, on the same port.</summary>
    public Task RestartAsync(CancellationToken ct = default) =>
        ProcessRunner.RunCheckedAsync(
            user.StartInfo(binaries.PgCtl, ["-D", DataDirectory, "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port}", "start"], Directory),
            $"pg_ctl start (as {user.Name})", ToolTimeout, ct);

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            CleanedUpByWatchdog = await CleanUpAsync(binaries, user, watchdog, Directory).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the server and deletes the folder: through the watchdog, else here. True when the watchdog did it.</summary>
    private static async Task<bool> CleanUpAsync(PostgresBinaries binaries, OsUser user, ClusterWatchdog? watchdog, string directory)
    {
        var byWatchdog = watchdog is not null && await watchdog.ReleaseAsync(StopTimeout).ConfigureAwait(false);
        watchdog?.Dispose();
        if (!byWatchdog)
        {
            Stop(binaries, user, directory);
            ClusterDirectories.Discard(directory);
        }

        return byWatchdog;
    }

    private static async Task InitAsync(PostgresBinaries binaries, OsUser user, string directory, string password, CancellationToken ct)
    {
        // Readable by the cluster's user only, and only while initdb runs.
        var passwordFile = Path.Combine(directory, "pwfile");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new StreamWriter(passwordFile, Encoding.ASCII, options))
        {
            await stream.WriteAsync(password + "\n").ConfigureAwait(false);
        }

        try
        {
            user.Own(passwordFile);
            await ProcessRunner.RunCheckedAsync(
                user.StartInfo(binaries.InitDb, [
                    "-D", Path.Combine(directory, "data"), "-U", "postgres", "--pwfile", passwordFile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], directory),
                $"initdb (as {user.Name})", ToolTimeout, ct).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }

        await File.AppendAllTextAsync(Path.Combine(directory, "data", "postgresql.conf"), Settings(directory), ct).ConfigureAwait(false);
    }

    /// <summary>Loopback only, a socket for the cluster's own user, and speed over durability.</summary>
    private static string Settings(string directory)
    {
        // A Unix socket path must fit in sockaddr_un (108 bytes); without one the cluster still serves TCP.
        var socketDirectory = Encoding.UTF8.GetByteCount(Path.Combine(directory, ".s.PGSQL.65535")) < 100 ? directory : string.Empty;
        return $"""

            # Throwaway cluster started by SchemaDrift.Provisioning.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = {SqlText.Literal(socketDirectory)}
            unix_socket_permissions = 0700
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            shared_buffers = 32MB
            max_connections = 200
            log_min_messages = warning

            """;
    }

    private static async Task<int> StartServerAsync(PostgresBinaries binaries, OsUser user, string directory, CancellationToken ct)
    {
        var log = Path.Combine(directory, "server.log");

        // A free port can be taken between choosing it and the server binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.OnLoopback();
            try
            {
                await ProcessRunner.RunCheckedAsync(
                    user.StartInfo(binaries.PgCtl, ["-D", Path.Combine(directory, "data"), "-l", log, "-w", "-t", "60", "-o", $"-p {port}", "start"], directory),
                    $"pg_ctl start (as {user.Name})", ToolTimeout, ct).ConfigureAwait(false);
                return port;
            }
            catch (PostgresProvisioningException ex)
            {
                Stop(binaries, user, directory);
                if (attempt == 3)
                {
                    throw new PostgresProvisioningException($"{ex.Message} Server log: {Tail(log)}", ex);
                }
            }
        }
    }

    private static string[] StopArguments(string directory) =>
        ["-D", Path.Combine(directory, "data"), "-m", "immediate", "-w", "-t", "30", "stop"];

    private static void Stop(PostgresBinaries binaries, OsUser user, string directory)
    {
        if (File.Exists(Path.Combine(directory, "data", "postmaster.pid")))
        {
            ProcessRunner.RunQuietly(user.StartInfo(binaries.PgCtl, StopArguments(directory), directory), StopTimeout);
        }
    }

    /// <summary>
    /// Stops the server of a stale cluster, but only when the pid in its postmaster.pid verifiably is that server:
    /// after a reboot the pid may belong to anything. An unverified server notices its lock file is gone within a minute
    /// and shuts itself down.
    /// </summary>
    private static void StopStale(PostgresBinaries binaries, OsUser user, string directory)
    {
        var data = Path.Combine(directory, "data");
        try
        {
            var first = File.ReadLines(Path.Combine(data, "postmaster.pid")).FirstOrDefault();
            if (!int.TryParse(first, out var pid) || pid <= 0)
            {
                return;
            }

            if (System.IO.Directory.Exists("/proc/self"))
            {
                var cwd = new DirectoryInfo($"/proc/{pid}/cwd").LinkTarget;
                if (cwd is null || !string.Equals(Path.TrimEndingDirectorySeparator(cwd), Path.TrimEndingDirectorySeparator(data), StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        Stop(binaries, user, directory);
    }

    private static string Tail(string log)
    {
        try
        {
            return string.Join(' ', File.ReadLines(log).TakeLast(5));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "(none)";
        }
    }
}
