using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace SchemaDrift.Provisioning;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary folder, pg_ctl start on a free loopback port, and on
/// dispose an immediate stop and the folder deleted. Listens on 127.0.0.1 only, with a generated password.
/// </summary>
public sealed class LocalCluster : PostgresServerBase
{
    /// <summary>All clusters live under this folder; a cluster whose owning process is gone is removed on the next start.</summary>
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "schemadrift-pg");

    private const string OwnerFile = "owner.pid";
    private readonly PostgresBinaries binaries;
    private readonly OsUser user;
    private int disposed;

    private LocalCluster(PostgresBinaries binaries, OsUser user, string directory, int port, string adminConnectionString)
        : base(adminConnectionString, binaries.MajorVersion)
    {
        this.binaries = binaries;
        this.user = user;
        Directory = directory;
        Port = port;
    }

    public override PostgresServerKind Kind => PostgresServerKind.LocalCluster;

    /// <summary>The cluster's folder (data, socket and log); deleted on dispose.</summary>
    public string Directory { get; }

    public int Port { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    public static async Task<LocalCluster> StartAsync(PostgresBinaries binaries, CancellationToken ct = default)
    {
        var user = OsUser.ForCluster();
        System.IO.Directory.CreateDirectory(Root);
        RemoveStaleClusters(binaries, user);

        var directory = Path.Combine(Root, $"{Environment.ProcessId}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant()}");
        System.IO.Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct).ConfigureAwait(false);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                // The server's user must be able to reach its folder; the folder itself is rwxr-xr-x.
                TrySetMode(Root, (UnixFileMode)0b111_111_111 | UnixFileMode.StickyBit);
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_101_101);
            }

            user.Own(directory);
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
            return new LocalCluster(binaries, user, directory, port, admin);
        }
        catch
        {
            Stop(binaries, user, directory);
            TryDelete(directory);
            throw;
        }
    }

    public override string Describe() =>
        $"throwaway PostgreSQL {MajorVersion} cluster at 127.0.0.1:{Port} (run as {user.Name}, in {Directory})";

    public override ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0)
        {
            Stop(binaries, user, Directory);
            TryDelete(Directory);
        }

        return ValueTask.CompletedTask;
    }

    private static async Task InitAsync(PostgresBinaries binaries, OsUser user, string directory, string password, CancellationToken ct)
    {
        var passwordFile = Path.Combine(directory, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n", ct).ConfigureAwait(false);
        user.Own(passwordFile);
        try
        {
            await RunAsync(user, binaries.InitDb, ct,
                "-D", Path.Combine(directory, "data"), "-U", "postgres", "--pwfile", passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync").ConfigureAwait(false);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task<int> StartServerAsync(PostgresBinaries binaries, OsUser user, string directory, CancellationToken ct)
    {
        // A free port can be taken between choosing it and the server binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var options = string.Join(' ',
                $"-p {port}", $"-k {directory}", "-c listen_addresses=127.0.0.1", "-c fsync=off", "-c synchronous_commit=off",
                "-c full_page_writes=off", "-c shared_buffers=32MB", "-c max_connections=200", "-c log_min_messages=warning");
            try
            {
                await RunAsync(user, binaries.PgCtl, ct,
                    "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "-o", options, "start").ConfigureAwait(false);
                return port;
            }
            catch (PostgresProvisioningException) when (attempt < 3)
            {
                Stop(binaries, user, directory);
            }
        }
    }

    private static void Stop(PostgresBinaries binaries, OsUser user, string directory)
    {
        var data = Path.Combine(directory, "data");
        if (!File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            return;
        }

        using var process = Process.Start(user.StartInfo(binaries.PgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]));
        process?.WaitForExit(30_000);
    }

    /// <summary>Stops and deletes clusters left by processes that died without disposing them.</summary>
    private static void RemoveStaleClusters(PostgresBinaries binaries, OsUser user)
    {
        foreach (var directory in System.IO.Directory.GetDirectories(Root))
        {
            var ownerFile = Path.Combine(directory, OwnerFile);
            if (!File.Exists(ownerFile) ||
                !int.TryParse(File.ReadAllText(ownerFile), out var owner) ||
                IsAlive(owner))
            {
                continue;
            }

            Stop(binaries, user, directory);
            TryDelete(directory);
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task RunAsync(OsUser user, string file, CancellationToken ct, params string[] arguments)
    {
        using var process = Process.Start(user.StartInfo(file, arguments))
            ?? throw new PostgresProvisioningException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var output = ((await stderr.ConfigureAwait(false)) + (await stdout.ConfigureAwait(false))).Trim();
            throw new PostgresProvisioningException(
                $"{Path.GetFileName(file)} failed (exit code {process.ExitCode}) running as {user.Name}: {output}");
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void TrySetMode(string path, UnixFileMode mode)
    {
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException)
        {
            // Created by another user, who made it shared already.
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held by a dying server; the next start removes the folder as stale.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
