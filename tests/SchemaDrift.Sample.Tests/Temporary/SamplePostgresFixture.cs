using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace SchemaDrift.Sample.Tests.Temporary;

/// <summary>
/// TEMPORARY stand-in for <c>SchemaDrift.Testing.PostgresFixture</c> (same shape:
/// <see cref="CreateDatabaseAsync"/> returning a database with <c>Name</c>, <c>ConnectionString</c>,
/// <c>ExecuteAsync</c> and <c>ScalarAsync</c>). Replace it with the shared fixture once that lands.
/// </summary>
/// <remarks>
/// Starts a throwaway PostgreSQL cluster from the locally installed server binaries
/// (<c>SCHEMADRIFT_PG_BIN</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>) on a free loopback
/// port, running it as the <c>postgres</c> OS user when the tests run as root, and deletes it afterwards.
/// </remarks>
public sealed class SamplePostgresFixture : IAsyncLifetime
{
    private const string Superuser = "postgres";

    private string _binDirectory = "";
    private string _root = "";
    private string _dataDirectory = "";
    private bool _runAsPostgresUser;
    private bool _started;

    public int Port { get; private set; }

    public string AdminConnectionString => ConnectionStringFor("postgres");

    public async Task InitializeAsync()
    {
        _binDirectory = FindServerBinaries();
        _runAsPostgresUser = Environment.IsPrivilegedProcess;
        _root = Path.Combine(Path.GetTempPath(), $"schemadrift-sample-{Guid.NewGuid():N}"[..28]);
        _dataDirectory = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        if (_runAsPostgresUser)
        {
            await RunAsync("chown", [Superuser, _root], asPostgresUser: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"),
            ["-D", _dataDirectory, "-A", "trust", "-U", Superuser, "-E", "UTF8", "--locale=C", "--no-sync"]);

        Port = GetFreePort();
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"),
        [
            "-D", _dataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            "start",
        ]);
        _started = true;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            if (_started)
            {
                await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]);
            }
        }
        finally
        {
            if (_root.Length > 0 && Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    /// <summary>Creates an empty database (optionally from a template) that is dropped on dispose.</summary>
    public async Task<SampleDatabase> CreateDatabaseAsync(string? template = null)
    {
        var name = $"sample_{Guid.NewGuid():N}"[..24];
        var sql = template is null
            ? $"CREATE DATABASE \"{name}\""
            : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        return new SampleDatabase(name, ConnectionStringFor(name), AdminConnectionString);
    }

    private string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
    }.ConnectionString;

    private static string FindServerBinaries()
    {
        var configured = Environment.GetEnvironmentVariable("SCHEMADRIFT_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        const string installRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(installRoot)
            ? Directory.GetDirectories(installRoot)
                .Select(dir => (Dir: Path.Combine(dir, "bin"), Version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(c => File.Exists(Path.Combine(c.Dir, "pg_ctl")))
                .OrderByDescending(c => c.Version)
                .Select(c => c.Dir)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            $"No PostgreSQL server binaries found under {installRoot}/*/bin; install PostgreSQL or set SCHEMADRIFT_PG_BIN.");
    }

    private static int GetFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsync(string fileName, IReadOnlyList<string> arguments) =>
        RunAsync(fileName, arguments, _runAsPostgresUser);

    private static async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            startInfo.FileName = File.Exists("/usr/sbin/runuser") ? "/usr/sbin/runuser" : "runuser";
            foreach (var argument in new[] { "-u", Superuser, "--", fileName })
            {
                startInfo.ArgumentList.Add(argument);
            }
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            lock (output)
            {
                throw new InvalidOperationException(
                    $"{fileName} {string.Join(' ', arguments)} exited with code {process.ExitCode}:{Environment.NewLine}{output}");
            }
        }
    }
}
